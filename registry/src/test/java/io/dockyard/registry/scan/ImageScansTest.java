package io.dockyard.registry.scan;

import io.dockyard.core.port.Store;
import io.dockyard.registry.bytes.FileByteStore;
import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.Image;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Registry;
import io.dockyard.registry.domain.Uploads;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Scans through the registry: layers from the byte store, scan on push, the quota, continuous re-scans after an import. */
class ImageScansTest {
    @TempDir Path dir;
    private Store store;
    private Registry registry;
    private Uploads uploads;
    private ImageScans scans;

    private static final String ADVISORY = """
            {"id": "%s", "modified": "2026-11-01T00:00:00Z", "database_specific": {"severity": "LOW"},
             "affected": [{"package": {"ecosystem": "Debian:12", "name": "%s"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0-1"}]}]}]}
            """;

    @BeforeEach
    void setUp() {
        store = new CachedStore(new MemoryJournal());
        registry = new Registry(store, new FileByteStore(dir.resolve("blobs")), Clock.systemUTC());
        uploads = new Uploads(registry);
        scans = new ImageScans(registry, new OsvDatabase(dir.resolve("data")));
        registry.onPush(scans::pushed);
        registry.onDelete(scans::deleted);
    }

    private static String sha(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private void repository(String name, boolean scanOnPush) {
        store.put(Records.REPOSITORY, new Repository(name, Clock.systemUTC().instant(), "MUTABLE", scanOnPush, "AES256", null, List.of(), null, null, null));
    }

    private Image push(String repo, byte[]... layers) throws Exception {
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes();
        uploads.monolithic(repo, sha(config), new ByteArrayInputStream(config));
        StringBuilder ls = new StringBuilder();
        for (byte[] l : layers) {
            uploads.monolithic(repo, sha(l), new ByteArrayInputStream(l));
            if (!ls.isEmpty()) ls.append(',');
            ls.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"size\":").append(l.length).append(",\"digest\":\"").append(sha(l)).append("\"}");
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":"
                + config.length + ",\"digest\":\"" + sha(config) + "\"},\"layers\":[" + ls + "]}";
        return registry.pushManifest(repo, "v1", new ByteArrayInputStream(manifest.getBytes()), "application/vnd.oci.image.manifest.v1+json", false);
    }

    private ImageScan awaitScan(Image i) throws InterruptedException {
        for (int n = 0; n < 200; n++) {
            ImageScan s = scans.scan(i.repository(), i.digest()).orElse(null);
            if (s != null && !s.status().equals("IN_PROGRESS")) return s;
            Thread.sleep(20);
        }
        throw new AssertionError("scan did not finish");
    }

    private void importFeed(String... advisories) throws Exception {
        Path feed = Files.createTempDirectory(dir, "feed");
        for (int i = 0; i < advisories.length; i += 2) Files.writeString(feed.resolve(advisories[i] + ".json"), ADVISORY.formatted(advisories[i], advisories[i + 1]));
        scans.database().importFeed(feed, Clock.systemUTC());
    }

    private static byte[] layer(String status) throws Exception {
        return new TestTar().file("etc/os-release", "ID=debian\nVERSION_ID=12\n").file("var/lib/dpkg/status", status).gzip();
    }

    @Test
    void scanOnPushReadsTheLayersFromTheByteStore() throws Exception {
        importFeed("CVE-2099-1", "curl");
        repository("app", true);
        repository("other", false);
        byte[] base = layer("Package: curl\nStatus: install ok installed\nVersion: 1.0-1\n");
        byte[] upper = new TestTar().file("opt/node_modules/x/package.json", "{\"name\":\"x\",\"version\":\"1.0.0\"}").gzip();
        Image image = push("app", base, upper);
        ImageScan s = awaitScan(image);
        assertThat(s.status()).isEqualTo("COMPLETE");
        assertThat(s.findings()).extracting(f -> f.name() + " " + f.packageName() + " " + f.severity()).containsExactly("CVE-2099-1 curl LOW");
        assertThat(s.severityCounts()).containsExactly(java.util.Map.entry("LOW", 1));
        assertThat(scans.sbom(image).packages()).hasSize(2);
        assertThat(scans.quotaExceeded(s)).as("scanned today").isTrue();

        Image manual = push("other", base);
        Thread.sleep(50);
        assertThat(scans.scan("other", manual.digest())).as("no scan on push").isEmpty();
        scans.start(manual);
        assertThat(awaitScan(manual).findings()).hasSize(1);
        registry.deleteImage("other", manual.digest());
        assertThat(scans.scan("other", manual.digest())).as("the scan goes with the image").isEmpty();
    }

    @Test
    void continuousScanningScansAgainAfterAnImport() throws Exception {
        importFeed("CVE-2099-1", "curl");
        repository("svc", false);
        Image image = push("svc", layer("Package: curl\nStatus: install ok installed\nVersion: 1.0-1\n\nPackage: zlib\nStatus: install ok installed\nVersion: 1.0-1\n"));
        assertThat(scans.rescanContinuous()).as("no continuous rule").isZero();
        scans.configure(new ScanningConfiguration("registry", "ENHANCED",
                List.of(new ScanningConfiguration.Rule("CONTINUOUS_SCAN", List.of(new ScanningConfiguration.Filter("s*", "WILDCARD"))))));
        assertThat(scans.rescanContinuous()).as("never scanned").isEqualTo(1);
        assertThat(awaitScan(image).findings()).hasSize(1);
        assertThat(scans.rescanContinuous()).as("up to date").isZero();
        Thread.sleep(5);
        importFeed("CVE-2099-1", "curl", "CVE-2099-2", "zlib");
        assertThat(scans.quotaExceeded(scans.scan("svc", image.digest()).orElseThrow())).as("a newer database lifts the quota").isFalse();
        assertThat(scans.rescanContinuous()).isEqualTo(1);
        Thread.sleep(20);
        assertThat(awaitScan(image).findings()).extracting(Finding::name).containsExactly("CVE-2099-1", "CVE-2099-2");
    }
}
