package io.dockyard.registry.oci;

import io.dockyard.registry.domain.Problem;
import io.dockyard.registry.domain.Records.BlobLink;
import io.dockyard.registry.domain.Records.Upload;
import io.dockyard.registry.domain.RegistryException;
import io.dockyard.registry.domain.Uploads;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Blob uploads: POST (session, single-request push, mount), PATCH chunks, PUT to complete, GET status, DELETE. */
final class UploadEndpoints {
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");
    private final Uploads uploads;

    UploadEndpoints(Uploads uploads) { this.uploads = uploads; }

    void post(Exchange x) {
        String mount = x.param("mount");
        if (mount != null) {
            Optional<BlobLink> mounted = uploads.mount(x.repo, mount, x.param("from"));
            if (mounted.isPresent()) {
                created(x, mounted.get());
                return;
            }
        }
        String digest = x.param("digest");
        if (digest != null && mount == null) {
            created(x, uploads.monolithic(x.repo, digest, x.body()));
            return;
        }
        Upload u = uploads.start(x.repo);
        session(x, u.id(), 0).empty(202);
    }

    private static void created(Exchange x, BlobLink link) {
        x.header("Location", "/v2/" + x.repo + "/blobs/" + link.digest()).header("Docker-Content-Digest", link.digest()).empty(201);
    }

    private Exchange session(Exchange x, String id, long size) {
        return x.header("Location", "/v2/" + x.repo + "/blobs/uploads/" + id)
                .header("Docker-Upload-UUID", id)
                .header("Range", "0-" + Math.max(0, size - 1));
    }

    void patch(Exchange x) {
        uploads.session(x.repo, x.ref);
        Long start = null;
        String cr = x.header("Content-Range");
        if (cr != null) {
            Matcher m = CONTENT_RANGE.matcher(cr.trim());
            if (!m.matches()) {
                rangeRefused(x, "Malformed Content-Range " + cr + ".");
                return;
            }
            start = Long.parseLong(m.group(1));
            long end = Long.parseLong(m.group(2));
            long declared = x.request.getLength();
            if (end < start || (declared >= 0 && declared != end - start + 1)) {
                rangeRefused(x, "Content-Range " + cr + " does not match the body length " + declared + ".");
                return;
            }
        }
        try {
            long size = uploads.append(x.repo, x.ref, x.body(), start);
            session(x, x.ref, size).empty(202);
        } catch (RegistryException e) {
            if (e.problem() != Problem.RANGE_INVALID) throw e;
            rangeRefused(x, e.getMessage());
        }
    }

    private void rangeRefused(Exchange x, String message) {
        session(x, x.ref, uploads.size(x.ref));
        OciErrors.send(x, 416, Problem.RANGE_INVALID.ociCode(), message);
    }

    void put(Exchange x) {
        uploads.session(x.repo, x.ref);
        String digest = x.param("digest");
        BlobLink link = uploads.complete(x.repo, x.ref, digest, x.hasBody() ? x.body() : null, Problem.DIGEST_INVALID);
        created(x, link);
    }

    void status(Exchange x) {
        uploads.session(x.repo, x.ref);
        session(x, x.ref, uploads.size(x.ref)).empty(204);
    }

    void cancel(Exchange x) {
        uploads.cancel(x.repo, x.ref);
        x.empty(204);
    }
}
