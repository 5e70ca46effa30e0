package io.dockyard.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Vectors of AWS's published SigV4 test suite, independent of any SDK. */
class KnownAnswerTest {
    private static final Instant AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final Credentials KEYS = id -> Optional.of(Key.longTerm("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "x"))
                                                         .filter(k -> k.accessKeyId().equals(id));
    private final SigV4Verifier verifier = new SigV4Verifier(Duration.ofMinutes(5));

    private static SignedRequest vector(String query, String signature) {
        return new SignedRequest("GET", "/", query, Map.of(
                "Host", List.of("example.amazonaws.com"),
                "X-Amz-Date", List.of("20150830T123600Z"),
                "Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                                         + "SignedHeaders=host;x-amz-date, Signature=" + signature)), null);
    }

    @Test
    void getVanilla() {
        Verified v = verifier.verify(vector(null, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), KEYS, AT);
        assertThat(v.service()).isEqualTo("service");
        assertThat(v.signedAt()).isEqualTo(AT);
    }

    @Test
    void getVanillaQueryOrderKeyCase() {
        verifier.verify(vector("Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"), KEYS, AT);
    }

    @Test
    void signingKeyDerivationMatchesTheDocumentedExample() {
        // AWS's "derive a signing key" example (IAM, us-east-1, 20120215), checked against the published hex.
        byte[] key = SigningKeys.derive("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
        assertThat(Hashing.hex(key)).isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }
}
