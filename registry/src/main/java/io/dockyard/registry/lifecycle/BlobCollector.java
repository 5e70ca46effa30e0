package io.dockyard.registry.lifecycle;

import io.dockyard.registry.bytes.ByteStore;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.BlobLink;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.Ref;
import io.dockyard.registry.domain.Records.Upload;
import io.dockyard.registry.domain.Registry;
import io.dockyard.registry.domain.Uploads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Garbage collection while the registry serves: removes stored bytes that no manifest references,
 * once they and their repository links are older than a grace period (a young blob may be a layer
 * whose manifest is still on its way), together with those links. Each removal re-checks inside a
 * store transaction, the same lock under which pushes link blobs and record manifests, so a blob is
 * never removed under a push that just linked or referenced it.
 * Also removes abandoned and expired upload staging areas.
 */
public final class BlobCollector {
    private static final Logger log = LoggerFactory.getLogger(BlobCollector.class);

    /** What one run removed. */
    public record Result(int blobs, long bytes, int uploads) {}

    private final Registry registry;
    private final Uploads uploads;
    private final Duration grace;
    private final Duration uploadExpiry;

    public BlobCollector(Registry registry, Uploads uploads, Duration grace, Duration uploadExpiry) {
        this.registry = registry;
        this.uploads = uploads;
        this.grace = grace;
        this.uploadExpiry = uploadExpiry;
    }

    /** Digests that manifests need: every manifest and what it references. */
    private Set<String> referenced() {
        Set<String> refs = new HashSet<>();
        for (Image i : registry.store().list(Records.IMAGE)) {
            refs.add(i.digest());
            i.blobs().stream().map(Ref::digest).forEach(refs::add);
            i.manifests().stream().map(Ref::digest).forEach(refs::add);
        }
        return refs;
    }

    /** Links to the blob; any linked within the grace period keeps it (its manifest may be on its way). */
    private List<BlobLink> links(String digest) {
        return registry.store().list(Records.BLOB_LINK, l -> l.digest().equals(digest));
    }

    public Result collect() {
        Instant now = registry.clock().instant();
        Instant cutoff = now.minus(grace);
        ByteStore bytes = registry.bytes();
        int removed = 0;
        long freed = 0;
        int staged = 0;
        try {
            Set<String> refs = referenced();
            for (ByteStore.Stat s : bytes.list()) {
                if (refs.contains(s.key()) || !s.modified().isBefore(cutoff)) continue;
                if (links(s.key()).stream().anyMatch(l -> !l.linkedAt().isBefore(cutoff))) continue;
                boolean gone = registry.store().exclusively(() -> {
                    try {
                        List<BlobLink> links = links(s.key());
                        if (referenced().contains(s.key()) || links.stream().anyMatch(l -> !l.linkedAt().isBefore(cutoff))) return false;
                        Optional<ByteStore.Stat> current = bytes.stat(s.key());
                        if (current.isEmpty() || !current.get().modified().isBefore(cutoff)) return false;
                        links.forEach(l -> registry.unlink(l.repository(), l.digest()));
                        return bytes.delete(s.key());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                if (gone) {
                    removed++;
                    freed += s.size();
                }
            }
            for (ByteStore.Stat s : bytes.listStaged()) {
                Optional<Upload> u = registry.store().get(Records.UPLOAD, s.key());
                boolean abandoned = u.isEmpty() && s.modified().isBefore(cutoff);
                boolean expired = u.isPresent() && s.modified().isBefore(now.minus(uploadExpiry));
                if (!abandoned && !expired) continue;
                if (expired) registry.store().delete(Records.UPLOAD, s.key());
                uploads.discard(s.key());
                staged++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (removed > 0 || staged > 0) log.info("registry gc removed blobs={} bytes={} uploads={}", removed, freed, staged);
        return new Result(removed, freed, staged);
    }
}
