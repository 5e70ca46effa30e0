package io.dockyard.acm;

import io.dockyard.protocol.RequestContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AcmAccessTest {
    private static final RequestContext CTX = new RequestContext("r", "eu-west-1", "AKID", "123456789012");

    @Test
    void theCertificateOrANewImportsWildcard() {
        String cert = "arn:aws:acm:eu-west-1:123456789012:certificate/0b1f";
        AcmAccess acm = new AcmAccess();
        assertThat(acm.action("DeleteCertificate")).isEqualTo("acm:DeleteCertificate");
        assertThat(acm.resources("DeleteCertificate", Map.of("CertificateArn", cert), CTX)).containsExactly(cert);
        assertThat(acm.resources("ImportCertificate", Map.of("CertificateArn", cert), CTX)).containsExactly(cert);
        assertThat(acm.resources("ImportCertificate", Map.of(), CTX)).containsExactly("arn:aws:acm:eu-west-1:123456789012:certificate/*");
        assertThat(acm.resources("ListCertificates", Map.of(), CTX)).isEmpty();
    }
}
