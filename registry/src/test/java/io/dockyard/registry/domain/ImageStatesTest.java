package io.dockyard.registry.domain;

import io.dockyard.core.port.Store;
import io.dockyard.registry.bytes.FileByteStore;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.ImageArchive;
import io.dockyard.registry.domain.Records.ImageReplication;
import io.dockyard.registry.domain.Records.PullTimeExclusion;
import io.dockyard.registry.domain.Records.ReplicationConfiguration;
import io.dockyard.registry.domain.Records.ReplicationDestination;
import io.dockyard.registry.domain.Records.ReplicationRule;
import io.dockyard.registry.domain.Records.ReplicationStatus;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Records.SigningConfiguration;
import io.dockyard.registry.domain.Records.SigningRule;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import io.dockyard.store.SqliteJournal;
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

/** Storage classes, replication records and pull-time exclusions over a registry in memory; the new record kinds through SQLite. */
class ImageStatesTest {
    @TempDir Path dir;

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-05T08:00:00Z");
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final MovableClock clock = new MovableClock();
    private Store store;
    private Registry registry;
    private ImageStates states;

    private void start() {
        store = new CachedStore(new MemoryJournal());
        registry = new Registry(store, new FileByteStore(dir), clock);
        states = new ImageStates(registry, Duration.ofSeconds(5));
        for (String name : List.of("prod/web", "dev/web")) {
            store.put(Records.REPOSITORY, new Repository(name, clock.instant(), "MUTABLE", false, "AES256", null, List.of(), null, null, null));
        }
    }

    static String sha(String s) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private Image push(String repo, String tag, String config, String subject) throws Exception {
        new Uploads(registry).monolithic(repo, sha(config), new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)));
        String subj = subject == null ? "" : ",\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":1,\"digest\":\"" + subject + "\"}";
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/json\",\"size\":"
                + config.length() + ",\"digest\":\"" + sha(config) + "\"},\"layers\":[]" + subj + "}";
        return registry.pushManifest(repo, tag, new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8)), "application/vnd.oci.image.manifest.v1+json", false);
    }

    @Test
    void pushesMatchingARuleRecordEachDestinationOnceAndOthersNothing() throws Exception {
        start();
        ReplicationDestination west = new ReplicationDestination("us-west-2", "000000000000"), eu = new ReplicationDestination("eu-west-1", "000000000000");
        store.put(Records.REPLICATION, new ReplicationConfiguration(Records.REPLICATION_KEY, List.of(
                new ReplicationRule(List.of(west), List.of("prod")), new ReplicationRule(List.of(west, eu), List.of("prod/w")))));
        Image before = push("dev/web", "v1", "{\"a\":1}", null);
        Image prod = push("prod/web", "v1", "{\"a\":2}", null);

        assertThat(store.get(Records.IMAGE_REPLICATION, before.key())).isEmpty();
        assertThat(store.get(Records.IMAGE_REPLICATION, prod.key()).orElseThrow().destinations()).containsExactly(
                new ReplicationStatus("us-west-2", "000000000000", "COMPLETE", null), new ReplicationStatus("eu-west-1", "000000000000", "COMPLETE", null));
        assertThat(ImageStates.destinations(List.of(new ReplicationRule(List.of(eu), List.of())), "anything")).containsExactly(eu);

        registry.deleteImage("prod/web", prod.digest());
        assertThat(store.get(Records.IMAGE_REPLICATION, prod.key())).isEmpty();
    }

    @Test
    void archivingTakesReferrersAlongAndARestoreActivatesAfterTheDelay() throws Exception {
        start();
        Image image = push("prod/web", "v1", "{\"a\":3}", null);
        Image signature = push("prod/web", null, "{\"sig\":1}", image.digest());
        Image other = push("prod/web", "v2", "{\"a\":4}", null);

        assertThat(states.archive(image)).isEqualTo("ARCHIVED");
        assertThat(registry.status(image)).isEqualTo("ARCHIVED");
        assertThat(registry.status(signature)).as("its referrer goes with it").isEqualTo("ARCHIVED");
        assertThat(registry.status(other)).isEqualTo("ACTIVE");

        clock.now = clock.now.plusSeconds(60);
        assertThat(states.restore(image)).isEqualTo("ACTIVATING");
        assertThat(registry.status(image)).isEqualTo("ACTIVATING");
        clock.now = clock.now.plusSeconds(4);
        assertThat(registry.status(signature)).isEqualTo("ACTIVATING");
        clock.now = clock.now.plusSeconds(1);
        assertThat(registry.status(image)).isEqualTo("ACTIVE");
        ImageArchive a = states.archiveOf(image).orElseThrow();
        assertThat(a.lastArchivedAt()).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
        assertThat(a.lastActivatedAt()).isEqualTo(clock.now);
    }

    @Test
    void pushingAnArchivedImageAgainMakesItActiveAndDeletingDropsTheRecord() throws Exception {
        start();
        Image image = push("prod/web", "v1", "{\"a\":5}", null);
        states.archive(image);
        push("prod/web", "v1", "{\"a\":5}", null);
        assertThat(registry.status(image)).isEqualTo("ACTIVE");
        states.archive(image);
        registry.deleteImage("prod/web", image.digest());
        assertThat(states.archiveOf(image)).isEmpty();
    }

    @Test
    void anExcludedPrincipalLeavesTheLastPullTimeAlone() throws Exception {
        start();
        Image image = push("prod/web", "v1", "{\"a\":6}", null);
        String robot = "arn:aws:iam::000000000000:role/scanner";
        store.put(Records.PULL_TIME_EXCLUSION, new PullTimeExclusion(robot, clock.instant()));

        registry.recordPull(image, robot);
        assertThat(registry.image("prod/web", image.digest()).orElseThrow().lastPulledAt()).isNull();
        registry.recordPull(image, "arn:aws:iam::000000000000:user/alice");
        assertThat(registry.image("prod/web", image.digest()).orElseThrow().lastPulledAt()).isEqualTo(clock.now);
    }

    @Test
    void theNewRecordKindsSurviveAReopenOfTheJournal() throws Exception {
        Instant t = Instant.parse("2026-12-05T08:15:30.123Z");
        ReplicationConfiguration replication = new ReplicationConfiguration(Records.REPLICATION_KEY, List.of(
                new ReplicationRule(List.of(new ReplicationDestination("eu-west-1", "000000000000")), List.of("prod"))));
        ImageReplication status = new ImageReplication("prod/web@sha256:" + "b".repeat(64), List.of(new ReplicationStatus("eu-west-1", "000000000000", "FAILED", "X")));
        SigningConfiguration signing = new SigningConfiguration(Records.SIGNING_KEY, List.of(
                new SigningRule("arn:aws:signer:us-east-1:000000000000:/signing-profiles/prod", List.of("prod/*"))));
        PullTimeExclusion exclusion = new PullTimeExclusion("arn:aws:iam::000000000000:role/scanner", t);
        ImageArchive archive = new ImageArchive("prod/web@sha256:" + "c".repeat(64), true, t, null);
        Path file = dir.resolve("store.db");
        Store s = SqliteJournal.open(file);
        s.put(Records.REPLICATION, replication);
        s.put(Records.IMAGE_REPLICATION, status);
        s.put(Records.SIGNING, signing);
        s.put(Records.PULL_TIME_EXCLUSION, exclusion);
        s.put(Records.IMAGE_ARCHIVE, archive);
        if (s instanceof AutoCloseable c) c.close();

        Store again = SqliteJournal.open(file);
        assertThat(again.get(Records.REPLICATION, Records.REPLICATION_KEY)).contains(replication);
        assertThat(again.get(Records.IMAGE_REPLICATION, status.key())).contains(status);
        assertThat(again.get(Records.SIGNING, Records.SIGNING_KEY)).contains(signing);
        assertThat(again.get(Records.PULL_TIME_EXCLUSION, exclusion.principalArn())).contains(exclusion);
        assertThat(again.get(Records.IMAGE_ARCHIVE, archive.key())).contains(archive);
        if (again instanceof AutoCloseable c) c.close();
    }
}
