package io.dockyard.protocol.sigv4;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigV4SignerTest {
    static final Key KEY = Key.longTerm("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "me");
    static final Key SESSION = new Key("ASIAEXAMPLE", "secret", "token-123", Instant.parse("2030-01-01T00:00:00Z"), "session");

    static SignedRequest request(Map<String, String> signedHeaders, Map<String, String> headers, String query, byte[] body) {
        Map<String, List<String>> all = new HashMap<>();
        headers.forEach((k, v) -> all.put(k, List.of(v)));
        signedHeaders.forEach((k, v) -> all.put(k, List.of(v)));
        all.put("Host", List.of("localhost:4566"));
        return new SignedRequest("POST", "/", query, all, body);
    }

    @Test
    void whatTheSignerSignsTheVerifierAccepts() {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        byte[] body = "{\"SecretId\":\"db\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("X-Amz-Target", "secretsmanager.GetSecretValue", "Content-Type", "application/x-amz-json-1.1");
        for (Key key : List.of(KEY, SESSION)) {
            Map<String, String> sig = SigV4Signer.sign("POST", "localhost:4566", "/", "a=1&b=x%20y", headers, body, key, "us-east-1", "secretsmanager", now);
            Credentials creds = id -> id.equals(key.accessKeyId()) ? Optional.of(key) : Optional.empty();
            Verified v = new SigV4Verifier(Duration.ofMinutes(5)).verify(request(sig, headers, "a=1&b=x%20y", body), creds, now.plusSeconds(30));
            assertThat(v.key()).isEqualTo(key);
            assertThat(v.service()).isEqualTo("secretsmanager");
            byte[] changed = "{\"SecretId\":\"dc\"}".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> new SigV4Verifier(Duration.ofMinutes(5)).verify(request(sig, headers, "a=1&b=x%20y", changed), creds, now))
                    .isInstanceOf(SigV4Exception.class).extracting("reason").isEqualTo(SigV4Exception.Reason.BAD_SIGNATURE);
        }
    }
}
