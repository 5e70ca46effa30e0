package io.dockyard.registry.oci;

import io.dockyard.registry.bytes.Digest;
import io.dockyard.registry.domain.Problem;
import io.dockyard.registry.domain.Records.BlobLink;
import io.dockyard.registry.domain.Registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GET/HEAD (with Range) and DELETE of blobs. */
final class BlobEndpoints {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private final Registry registry;
    private final io.dockyard.registry.cache.PullThroughCache cache;

    BlobEndpoints(Registry registry, io.dockyard.registry.cache.PullThroughCache cache) {
        this.registry = registry;
        this.cache = cache;
    }

    private BlobLink find(Exchange x) {
        registry.repository(x.repo);
        if (Digest.parse(x.ref) == null) throw Problem.DIGEST_INVALID.with("Invalid digest " + x.ref + ".");
        BlobLink link = registry.link(x.repo, x.ref).orElseThrow(() -> Problem.BLOB_UNKNOWN.with("Blob " + x.ref + " is unknown to repository " + x.repo + "."));
        if (registry.sizeOf(x.ref) < 0) throw Problem.BLOB_UNKNOWN.with("Blob " + x.ref + " is unknown to the registry.");
        return link;
    }

    void get(Exchange x) {
        cache.ensureBlob(x.repo, x.ref);
        BlobLink link = find(x);
        long size = link.size();
        x.header("Docker-Content-Digest", link.digest()).header("Accept-Ranges", "bytes").header("ETag", "\"" + link.digest() + "\"");
        if (!x.head()) {
            // bytes in an object store with presigned pulls: the client fetches them there (ranges too)
            java.util.Optional<java.net.URI> direct = registry.downloadUrl(link.digest());
            if (direct.isPresent()) {
                x.header("Location", direct.get()).empty(307);
                return;
            }
        }
        String range = x.header("Range");
        if (range == null) {
            x.content(200, "application/octet-stream", 0, size, registry, link.digest());
            return;
        }
        long[] r = parse(range, size);
        if (r == null) {
            x.header("Content-Range", "bytes */" + size);
            OciErrors.send(x, 416, "BLOB_UNKNOWN", "Range " + range + " cannot be satisfied for a blob of " + size + " bytes.");
            return;
        }
        x.header("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
        x.content(206, "application/octet-stream", r[0], r[1] - r[0] + 1, registry, link.digest());
    }

    /** {first, last} inclusive, or null when the range is malformed or unsatisfiable. */
    static long[] parse(String header, long size) {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return null;
        try {
            long first, last;
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) return null;
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) return null;
            }
            return first >= size || first > last ? null : new long[] {first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    void delete(Exchange x) {
        find(x);
        registry.unlink(x.repo, x.ref);
        x.empty(202);
    }
}
