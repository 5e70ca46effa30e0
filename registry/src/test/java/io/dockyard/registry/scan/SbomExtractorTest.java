package io.dockyard.registry.scan;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class SbomExtractorTest {
    private static final String DPKG = """
            Package: libssl3
            Status: install ok installed
            Priority: optional
            Version: 3.0.11-1~deb12u2
            Source: openssl
            Description: Secure Sockets Layer toolkit
             continuation line: Version: 9.9

            Package: removed-thing
            Status: deinstall ok config-files
            Version: 1.0

            Package: zlib1g
            Status: install ok installed
            Version: 1:1.2.13.dfsg-1
            Source: zlib (1:1.2.13.dfsg-1)
            """;

    private static Sbom extract(byte[]... layers) throws IOException {
        SbomExtractor x = new SbomExtractor();
        for (byte[] l : layers) x.layer(new ByteArrayInputStream(l));
        return x.sbom();
    }

    private static List<String> names(Sbom s) { return s.packages().stream().map(p -> p.type() + ":" + p.name() + "@" + p.version()).toList(); }

    @Test
    void debianPackagesWithTheirSourcesAndTheOs() throws IOException {
        Sbom s = extract(new TestTar().dir("etc").file("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n")
                .file("./var/lib/dpkg/status", DPKG).gzip());
        assertThat(s.osEcosystem()).isEqualTo("Debian:12");
        assertThat(names(s)).containsExactly("deb:libssl3@3.0.11-1~deb12u2", "deb:zlib1g@1:1.2.13.dfsg-1");
        assertThat(s.packages().get(0).source()).isEqualTo("openssl");
        assertThat(s.packages().get(0).sourceVersion()).isEqualTo("3.0.11-1~deb12u2");
        assertThat(s.packages().get(1).source()).isEqualTo("zlib");
        assertThat(s.packages().get(1).sourceVersion()).isEqualTo("1:1.2.13.dfsg-1");
        assertThat(new Pkg("deb", "zlib", "1.0", "zlib", "1.0", "p").source()).isNull(); // the same as the binary: no source
    }

    @Test
    void distrolessStatusDirectoryAlpineAndLanguagePackages() throws IOException {
        byte[] jar = jar("META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties", "groupId=org.apache.logging.log4j\nartifactId=log4j-core\nversion=2.14.1\n");
        byte[] fat = jarWith("BOOT-INF/lib/log4j-core-2.14.1.jar", jar);
        Sbom s = extract(new TestTar()
                .file("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n")
                .file("lib/apk/db/installed", "C:Q1abc\nP:musl\nV:1.2.4_git20230717-r4\no:musl\n\nP:libcrypto3\nV:3.1.4-r5\no:openssl\n")
                .file("var/lib/dpkg/status.d/base", "Package: base-files\nVersion: 12.4+deb12u5\n")
                .file("var/lib/dpkg/status.d/base.md5sums", "abc  etc/x\n")
                .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.20\"}")
                .file("app/node_modules/@babel/core/package.json", "{\"name\":\"@babel/core\",\"version\":\"7.0.0\"}")
                .file("app/node_modules/lodash/fp/package.json", "{\"name\":\"not-a-package\",\"version\":\"1\"}")
                .file("usr/lib/python3/site-packages/Django_Rest-3.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: Django_Rest\nVersion: 3.1\n\nName: body\n")
                .file("opt/app/app.jar", fat)
                .file("opt/" + "deep/".repeat(30) + "lib.jar", jar)
                .tar());
        assertThat(s.osEcosystem()).isEqualTo("Alpine:v3.19");
        assertThat(names(s)).containsExactly("apk:musl@1.2.4_git20230717-r4", "apk:libcrypto3@3.1.4-r5", "deb:base-files@12.4+deb12u5",
                "npm:lodash@4.17.20", "npm:@babel/core@7.0.0", "pypi:django-rest@3.1",
                "maven:org.apache.logging.log4j:log4j-core@2.14.1", "maven:org.apache.logging.log4j:log4j-core@2.14.1");
        assertThat(s.packages().get(1).source()).isEqualTo("openssl");
        assertThat(s.packages().get(6).path()).isEqualTo("opt/app/app.jar!BOOT-INF/lib/log4j-core-2.14.1.jar");
        assertThat(s.packages().get(7).path()).startsWith("opt/deep/deep/").hasSizeGreaterThan(100); // a GNU long name
    }

    @Test
    void whiteoutsRemoveLowerLayersFiles() throws IOException {
        byte[] base = new TestTar().file("var/lib/dpkg/status", DPKG)
                .file("app/node_modules/lodash/package.json", "{\"name\":\"lodash\",\"version\":\"4.17.20\"}")
                .file("srv/node_modules/left-pad/package.json", "{\"name\":\"left-pad\",\"version\":\"1.0.0\"}")
                .file("py/requests-2.0.dist-info/METADATA", "Name: requests\nVersion: 2.0\n").gzip();
        byte[] upper = new TestTar()
                .file("app/node_modules/.wh.lodash", "")                // the package directory deleted
                .file("srv/.wh..wh..opq", "")                            // srv made opaque
                .file("srv/node_modules/right-pad/package.json", "{\"name\":\"right-pad\",\"version\":\"2.0.0\"}")
                .file("var/lib/dpkg/status", "Package: libssl3\nStatus: install ok installed\nVersion: 3.0.15-1~deb12u1\nSource: openssl\n")
                .gzip();
        Sbom s = extract(base, upper);
        assertThat(names(s)).containsExactlyInAnyOrder("deb:libssl3@3.0.15-1~deb12u1", "pypi:requests@2.0", "npm:right-pad@2.0.0");
        // and the whiteout of a single file
        Sbom gone = extract(base, new TestTar().file("var/lib/dpkg/.wh.status", "").tar());
        assertThat(names(gone)).noneMatch(n -> n.startsWith("deb:"));
    }

    @Test
    void paxPathsAndSymlinksOverPackageFiles() throws IOException {
        String deep = "srv/" + "very-long-directory-name/".repeat(6) + "node_modules/pax-pkg/package.json";
        Sbom s = extract(new TestTar().paxFile(deep, "{\"name\":\"pax-pkg\",\"version\":\"1.2.3\"}").file("py/a-1.dist-info/METADATA", "Name: a\nVersion: 1\n").tar(),
                new TestTar().dir("py").tar());
        assertThat(names(s)).containsExactly("npm:pax-pkg@1.2.3", "pypi:a@1");
        assertThat(s.packages().get(0).path()).isEqualTo(deep);
    }

    @Test
    void zstdLayersAreRefusedNotMisread() {
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> extract(zstd)).isInstanceOf(SbomExtractor.UnsupportedLayerException.class);
    }

    @Test
    void cycloneDxWithPackageUrls() throws IOException {
        Sbom s = extract(new TestTar().file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n").file("var/lib/dpkg/status", DPKG)
                .file("n/node_modules/@babel/core/package.json", "{\"name\":\"@babel/core\",\"version\":\"7.0.0\"}").tar());
        var doc = CycloneDx.document(s, "app", "sha256:abc", java.time.Instant.EPOCH);
        assertThat(doc).containsEntry("bomFormat", "CycloneDX").containsEntry("specVersion", "1.5");
        @SuppressWarnings("unchecked") var components = (List<java.util.Map<String, Object>>) doc.get("components");
        assertThat(components).extracting(c -> c.get("purl")).contains("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12",
                "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?distro=debian-12", "pkg:npm/%40babel/core@7.0.0");
    }

    static byte[] jar(String entry, String content) throws IOException { return jarWith(entry, content.getBytes(StandardCharsets.UTF_8)); }

    static byte[] jarWith(String entry, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            z.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry(entry));
            z.write(content);
        }
        return out.toByteArray();
    }
}
