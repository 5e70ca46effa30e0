package io.dockyard.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** Repeated verifications reuse the derived signing key; the cache is bounded. */
class SigningKeyCacheTest {

    @Test
    void repeatedVerificationHitsTheCache() {
        SigV4Verifier verifier = new SigV4Verifier(Duration.ofMinutes(5));
        SignedRequest r = SdkOracle.sign(SdkOracle.request(SdkHttpMethod.GET, "example.amazonaws.com", "/").build(), null);
        for (int i = 0; i < 5; i++) verifier.verify(r, SdkOracle.CREDENTIALS, SdkOracle.NOW);
        assertThat(verifier.signingKeyDerivations()).isEqualTo(1);
        SignedRequest otherRegion = SdkOracle.sign(SdkOracle.request(SdkHttpMethod.GET, "example.amazonaws.com", "/").build(), null,
                SdkOracle.LONG_TERM_ID, b -> b.putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1"));
        verifier.verify(otherRegion, SdkOracle.CREDENTIALS, SdkOracle.NOW);
        verifier.verify(otherRegion, SdkOracle.CREDENTIALS, SdkOracle.NOW);
        assertThat(verifier.signingKeyDerivations()).isEqualTo(2);
    }

    @Test
    void cacheIsBoundedAndEvictsTheLeastRecentlyUsed() {
        SigningKeys keys = new SigningKeys(2);
        byte[] a = keys.get("s", "20260101", "us-east-1", "ecs");
        keys.get("s", "20260101", "us-east-1", "sqs");
        assertThat(keys.get("s", "20260101", "us-east-1", "ecs")).isSameAs(a);
        keys.get("s", "20260101", "us-east-1", "iam");
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.derivations()).isEqualTo(3);
        keys.get("s", "20260101", "us-east-1", "ecs");
        assertThat(keys.derivations()).isEqualTo(3);
        keys.get("s", "20260101", "us-east-1", "sqs");
        assertThat(keys.derivations()).isEqualTo(4);
        assertThat(keys.get("other secret", "20260101", "us-east-1", "ecs")).isNotEqualTo(a);
    }
}
