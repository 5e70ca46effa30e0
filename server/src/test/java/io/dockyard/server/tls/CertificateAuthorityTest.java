package io.dockyard.server.tls;

import io.dockyard.protocol.tls.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateAuthorityTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void theCaIsACaAndItsKeyIsTheOwnersOnly(@TempDir Path dir) throws Exception {
        CertificateAuthority ca = CertificateAuthority.open(dir, NOW);
        X509Certificate cert = Pem.certificates(ca.certificateFile()).getFirst();
        assertThat(cert).isEqualTo(ca.certificate());
        assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.19");
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant())).isGreaterThan(Duration.ofDays(3600));
        cert.verify(cert.getPublicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem")))).isEqualTo("rw-------");
        assertThat(CertificateAuthority.matches(Pem.privateKey(dir.resolve("ca-key.pem")), cert)).isTrue();
    }

    @Test
    void theServerCertificateCoversItsNamesAndIsSignedByTheCa(@TempDir Path dir) throws Exception {
        CertificateAuthority ca = CertificateAuthority.open(dir, NOW);
        Set<String> names = SubjectNames.forEdge("10.1.2.3", "builder-7", List.of("dockyard.example.com", "[fd00::5]"));
        CertificateAuthority.Issued issued = ca.serverCertificate(names);
        X509Certificate leaf = issued.chain().getFirst();
        assertThat(issued.chain()).hasSize(2).endsWith(ca.certificate());
        leaf.verify(ca.certificate().getPublicKey());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(SubjectNames.of(leaf)).containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "builder-7", "10.1.2.3",
                "dockyard.example.com", "fd00:0:0:0:0:0:0:5");
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.instant().plus(CertificateAuthority.LEAF_LIFETIME));
        assertThat(leaf.getNotBefore().toInstant()).isBefore(NOW.instant());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server-key.pem")))).isEqualTo("rw-------");
        // bound to every address: the machine's addresses (a container reaches the edge at its network's gateway), not 0.0.0.0
        assertThat(SubjectNames.forEdge("0.0.0.0", "h", List.of(), List.of("172.17.0.1", "10.0.0.4"))).contains("172.17.0.1", "10.0.0.4", "h")
                .doesNotContain("0.0.0.0");
    }

    @Test
    void keptAcrossRestartsAndIssuedAgainWhenTheNamesChangeOrTheEndNears(@TempDir Path dir) {
        Set<String> names = SubjectNames.forEdge("0.0.0.0", "host-a", List.of());
        CertificateAuthority first = CertificateAuthority.open(dir, NOW);
        X509Certificate leaf = first.serverCertificate(names).chain().getFirst();

        CertificateAuthority again = CertificateAuthority.open(dir, NOW);
        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(again.serverCertificate(names).chain().getFirst()).isEqualTo(leaf);

        X509Certificate more = again.serverCertificate(SubjectNames.forEdge("0.0.0.0", "host-a", List.of("extra.test"))).chain().getFirst();
        assertThat(more).isNotEqualTo(leaf);
        assertThat(SubjectNames.of(more)).contains("extra.test");

        Clock later = Clock.offset(NOW, CertificateAuthority.LEAF_LIFETIME.minusDays(10));
        CertificateAuthority old = CertificateAuthority.open(dir, later);
        assertThat(old.certificate()).isEqualTo(first.certificate());
        assertThat(old.serverCertificate(SubjectNames.of(more)).chain().getFirst()).isNotEqualTo(more);
    }

    @Test
    void aTornOrForeignPairIsMadeAgain(@TempDir Path dir) throws Exception {
        CertificateAuthority first = CertificateAuthority.open(dir, NOW);
        Files.writeString(dir.resolve("ca-key.pem"), Files.readString(dir.resolve("ca.pem"))); // no key at all
        CertificateAuthority second = CertificateAuthority.open(dir, NOW);
        assertThat(second.certificate()).isNotEqualTo(first.certificate());
        // what the old CA signed is not served by the new one
        Set<String> names = SubjectNames.forEdge("127.0.0.1", null, List.of());
        second.serverCertificate(names).chain().getFirst().verify(second.certificate().getPublicKey());
    }
}
