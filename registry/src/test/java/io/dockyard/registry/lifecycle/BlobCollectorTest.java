package io.dockyard.registry.lifecycle;

import io.dockyard.core.port.Store;
import io.dockyard.registry.bytes.ByteStore;
import io.dockyard.registry.bytes.FileByteStore;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Registry;
import io.dockyard.registry.domain.Uploads;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlobCollectorTest {
    @TempDir Path dir;

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        Instant now = Instant.now();
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    static String sha(String s) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void removesOnlyOldBytesThatNothingReferences() throws Exception {
        MovableClock clock = new MovableClock();
        Store store = new CachedStore(new MemoryJournal());
        ByteStore bytes = new FileByteStore(dir);
        Registry registry = new Registry(store, bytes, clock);
        Uploads uploads = new Uploads(registry);
        store.put(Records.REPOSITORY, new Repository("app", clock.instant(), "MUTABLE", false, "AES256", null, List.of(), null, null, null));
        BlobCollector gc = new BlobCollector(registry, uploads, Duration.ofHours(1), Duration.ofHours(24));

        uploads.monolithic("app", sha("kept"), new ByteArrayInputStream("kept".getBytes()));
        uploads.monolithic("app", sha("dropped"), new ByteArrayInputStream("dropped".getBytes()));
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/json\",\"size\":4,\"digest\":\"" + sha("kept") + "\"},\"layers\":[]}";
        registry.pushManifest("app", "v1", new ByteArrayInputStream(manifest.getBytes()), null, false);
        uploads.start("app");                                   // an upload in flight
        bytes.append("orphan-stage").close();                   // staging left by a crash

        assertThat(gc.collect().blobs()).as("young bytes are in their grace period").isZero();
        assertThat(bytes.size(sha("dropped"))).isPositive();

        clock.now = clock.now.plus(Duration.ofHours(2));
        BlobCollector.Result r = gc.collect();
        assertThat(r.blobs()).as("only the blob no manifest references").isEqualTo(1);
        assertThat(r.uploads()).isEqualTo(1);
        assertThat(bytes.size(sha("dropped"))).isEqualTo(-1);
        assertThat(registry.link("app", sha("dropped"))).as("its link goes with it").isEmpty();
        assertThat(registry.link("app", sha("kept"))).isPresent();
        assertThat(bytes.size(sha("kept"))).isEqualTo(4);
        assertThat(bytes.listStaged()).hasSize(1);

        clock.now = clock.now.plus(Duration.ofDays(2));
        assertThat(gc.collect().uploads()).as("an idle upload expires").isEqualTo(1);
        assertThat(store.list(Records.UPLOAD)).isEmpty();
        assertThat(bytes.size(sha("kept"))).isEqualTo(4);
        assertThat(bytes.size(sha(manifest))).as("the manifest's own bytes").isPositive();

        registry.deleteImage("app", sha(manifest));
        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThat(gc.collect().blobs()).as("manifest and config once the image is gone").isEqualTo(2);
        assertThat(bytes.list()).isEmpty();
    }
}
