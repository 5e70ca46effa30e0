package io.dockyard.registry.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OsvDatabaseTest {
    @TempDir Path dir;

    private static final String OPENSSL = """
            {"id": "DSA-9999-1", "modified": "2026-11-01T00:00:00Z", "summary": "openssl: remote code execution",
             "references": [{"type": "WEB", "url": "https://example.org/web"}, {"type": "ADVISORY", "url": "https://security-tracker.debian.org/DSA-9999-1"}],
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
             "affected": [{"package": {"ecosystem": "Debian:12", "name": "openssl"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.13-1~deb12u1"}]}]}]}
            """;
    private static final String LODASH = """
            {"id": "GHSA-35jh-r3h4-6jhm", "aliases": ["CVE-2021-23337"], "modified": "2026-10-01T00:00:00Z", "summary": "Command injection in lodash",
             "database_specific": {"severity": "HIGH"},
             "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"}],
             "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
                           "ranges": [{"type": "SEMVER", "events": [{"fixed": "4.17.21"}, {"introduced": "0"}]}]},
                          {"package": {"ecosystem": "npm", "name": "lodash-es"}, "versions": ["4.17.20"]}]}
            """;
    private static final String OTHERS = """
            [{"id": "PYSEC-1", "severity": [{"type": "CVSS_V2", "score": "AV:N/AC:L/Au:N/C:P/I:N/N:N/A:N"}], "details": "requests leaks",
              "affected": [{"package": {"ecosystem": "PyPI", "name": "Requests"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0"}, {"last_affected": "2.31.0"}]}]}]},
             {"id": "GHSA-log4shell", "database_specific": {"severity": "CRITICAL"},
              "affected": [{"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
                            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.0-beta9"}, {"fixed": "2.15.0"}, {"introduced": "2.16.0"}, {"fixed": "2.17.0"}]}]}]},
             {"id": "ALPINE-CVE-1", "affected": [{"package": {"ecosystem": "Alpine:v3.19", "name": "openssl"},
                            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.1.4-r6"}]}]}]},
             {"id": "GIT-ONLY", "affected": [{"ranges": [{"type": "GIT", "repo": "x", "events": [{"introduced": "abc"}]}]}]}]
            """;

    private Path feed() throws IOException {
        Path f = dir.resolve("feed");
        Files.createDirectories(f.resolve("npm"));
        Files.writeString(f.resolve("DSA-9999-1.json"), OPENSSL);
        Files.writeString(f.resolve("npm/GHSA-35jh-r3h4-6jhm.json"), LODASH);
        Files.writeString(f.resolve("others.json"), OTHERS);
        return f;
    }

    private static Pkg pkg(String type, String name, String version) { return Pkg.of(type, name, version, "x"); }

    @Test
    void matchesRangesVersionsAndSourcePackagesWithSeverities() throws IOException {
        OsvDatabase db = new OsvDatabase(dir.resolve("data"));
        OsvDatabase.Loaded l = db.importFeed(feed(), Clock.systemUTC());
        assertThat(l.vulns()).hasSize(6);
        assertThat(l.sourceUpdatedAt()).isEqualTo(java.time.Instant.parse("2026-11-01T00:00:00Z"));
        Sbom debian = new Sbom("debian", "12", null, List.of(
                new Pkg("deb", "libssl3", "3.0.11-1~deb12u2", "openssl", "3.0.11-1~deb12u2", "s"),
                new Pkg("deb", "libssl-dev", "3.0.13-1~deb12u1", "openssl", "3.0.13-1~deb12u1", "s"),  // fixed
                pkg("npm", "lodash", "4.17.20"), pkg("npm", "lodash", "4.17.21"), pkg("npm", "lodash-es", "4.17.20"), pkg("npm", "lodash-es", "4.17.19"),
                pkg("pypi", "requests", "2.31.0"), pkg("pypi", "requests", "2.32.0"), pkg("pypi", "requests", "1.9"),
                pkg("maven", "org.apache.logging.log4j:log4j-core", "2.14.1"), pkg("maven", "org.apache.logging.log4j:log4j-core", "2.16.0"),
                pkg("maven", "org.apache.logging.log4j:log4j-core", "2.15.0"), pkg("maven", "org.apache.logging.log4j:log4j-core", "2.17.1")));
        List<Finding> found = new OsvDatabase(dir.resolve("data")).match(debian); // a second instance reads the file
        assertThat(found).extracting(f -> f.name() + " " + f.packageName() + "@" + f.packageVersion() + " " + f.severity()).containsExactly(
                "DSA-9999-1 libssl3@3.0.11-1~deb12u2 CRITICAL",
                "GHSA-log4shell org.apache.logging.log4j:log4j-core@2.14.1 CRITICAL",
                "GHSA-log4shell org.apache.logging.log4j:log4j-core@2.16.0 CRITICAL",
                "GHSA-35jh-r3h4-6jhm lodash@4.17.20 HIGH",
                "GHSA-35jh-r3h4-6jhm lodash-es@4.17.20 HIGH",
                "PYSEC-1 requests@2.31.0 MEDIUM");
        Finding dsa = found.get(0);
        assertThat(dsa.uri()).isEqualTo("https://security-tracker.debian.org/DSA-9999-1");
        assertThat(dsa.cvss3Score()).isEqualTo(9.8);
        assertThat(found.get(5).cvss2Score()).isEqualTo(5.0);
        // the OS release matters: Debian 11 is another ecosystem; Alpine's openssl by its origin
        assertThat(db.match(new Sbom("debian", "11", null, debian.packages().subList(0, 1)))).isEmpty();
        assertThat(db.match(new Sbom("alpine", "3.19.1", null, List.of(new Pkg("apk", "libcrypto3", "3.1.4-r5", "openssl", "3.1.4-r5", "x")))))
                .extracting(Finding::name).containsExactly("ALPINE-CVE-1");
    }

    @Test
    void aFeedThatDoesNotParseKeepsTheOldDatabase() throws IOException {
        OsvDatabase db = new OsvDatabase(dir.resolve("data"));
        db.importFeed(feed(), Clock.systemUTC());
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("good.json"), LODASH);
        Files.writeString(bad.resolve("broken.json"), "{\"id\": \"X\", \"affected\": [");
        assertThatThrownBy(() -> db.importFeed(bad, Clock.systemUTC())).isInstanceOf(OsvFeed.BadFeedException.class).hasMessageContaining("broken.json");
        Files.writeString(bad.resolve("broken.json"), "{\"summary\": \"no id\"}");
        assertThatThrownBy(() -> db.importFeed(bad, Clock.systemUTC())).hasMessageContaining("no \"id\"");
        assertThatThrownBy(() -> db.importFeed(dir.resolve("missing"), Clock.systemUTC())).isInstanceOf(OsvFeed.BadFeedException.class);
        assertThat(new OsvDatabase(dir.resolve("data")).current().orElseThrow().vulns()).hasSize(6);
    }

    @Test
    void importsAZipAsOsvDevPublishesIt() throws IOException {
        Path zip = dir.resolve("all.zip");
        try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            z.putNextEntry(new java.util.zip.ZipEntry("GHSA-35jh-r3h4-6jhm.json"));
            z.write(LODASH.getBytes());
            z.putNextEntry(new java.util.zip.ZipEntry("DSA-9999-1.json"));
            z.write(OPENSSL.getBytes());
        }
        assertThat(new OsvDatabase(dir.resolve("data")).importFeed(zip, Clock.systemUTC()).vulns()).extracting(Osv.Vuln::id)
                .containsExactly("GHSA-35jh-r3h4-6jhm", "DSA-9999-1");
    }

    @Test
    void cvssScores() {
        assertThat(Cvss.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).isEqualTo(9.8);
        assertThat(Cvss.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")).isEqualTo(10.0);
        assertThat(Cvss.score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")).isEqualTo(6.1);
        assertThat(Cvss.score("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:N")).isEqualTo(0.0);
        assertThat(Cvss.score("AV:N/AC:L/Au:N/C:C/I:C/A:C")).isEqualTo(10.0);
        assertThat(Cvss.score("AV:N/AC:M/Au:N/C:P/I:P/A:P")).isEqualTo(6.8);
        assertThat(Cvss.score("garbage")).isEqualTo(-1);
        assertThat(Cvss.severity(9.8)).isEqualTo("CRITICAL");
        assertThat(Cvss.severity(0)).isEqualTo("INFORMATIONAL");
    }
}
