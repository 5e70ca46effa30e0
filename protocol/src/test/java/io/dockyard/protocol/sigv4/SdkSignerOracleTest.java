package io.dockyard.protocol.sigv4;

import static io.dockyard.protocol.sigv4.SdkOracle.CREDENTIALS;
import static io.dockyard.protocol.sigv4.SdkOracle.NOW;
import static io.dockyard.protocol.sigv4.SdkOracle.SESSION_ID;
import static io.dockyard.protocol.sigv4.SdkOracle.request;
import static io.dockyard.protocol.sigv4.SdkOracle.sign;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** Requests signed by the AWS SDK for Java v2's {@code AwsV4HttpSigner} verify, and every one-character change is refused. */
class SdkSignerOracleTest {
    private final SigV4Verifier verifier = new SigV4Verifier(Duration.ofMinutes(5));

    private static final byte[] JSON = "{\"cluster\":\"default\",\"services\":[\"a b\",\"ü\"]}".getBytes(StandardCharsets.UTF_8);

    private static SdkHttpFullRequest ecsJson() {
        return request(SdkHttpMethod.POST, "ecs.us-east-1.amazonaws.com", "/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeServices")
                .putHeader("Content-Length", Integer.toString(JSON.length)).build();
    }

    private Verified verifies(SignedRequest r) {
        Verified v = verifier.verify(r, CREDENTIALS, NOW);
        assertThat(v.region()).isEqualTo("us-east-1");
        assertThat(v.service()).isEqualTo("ecs");
        assertThat(v.signedAt()).isEqualTo(NOW);
        return v;
    }

    @Test
    void jsonPostWithTarget() {
        SignedRequest r = sign(ecsJson(), JSON);
        Verified v = verifies(r);
        assertThat(v.key().principal()).isEqualTo("user/alice");
        assertThat(v.payloadSigned()).isTrue();
        assertThat(v.body()).isEqualTo(JSON);
        assertThat(Mutations.assertEveryFlipRejected(verifier, r, NOW, true)).isGreaterThan(250);
    }

    @Test
    void formEncodedQueryPost() {
        byte[] form = "Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fdivision_abc%2F&Marker=a+b%20c".getBytes(StandardCharsets.UTF_8);
        SignedRequest r = sign(request(SdkHttpMethod.POST, "iam.amazonaws.com", "/")
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .putHeader("Content-Length", Integer.toString(form.length)).build(), form);
        verifies(r);
        Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
    }

    @Test
    void getWithTrickyQueryString() {
        SignedRequest r = sign(request(SdkHttpMethod.GET, "example.amazonaws.com", "/")
                .putRawQueryParameter("space", "a b")
                .putRawQueryParameter("plus", "a+b")
                .putRawQueryParameter("slash", "a/b%2F")
                .putRawQueryParameter("multi", List.of("z", "a", "m", "a"))
                .putRawQueryParameter("empty", "")
                .putRawQueryParameter("unicode", "日本語 ✓ é")
                .putRawQueryParameter("reserved", "~*'()!$&=;:@,?#[]")
                .putRawQueryParameter("a name", "x")
                .putRawQueryParameter("Capital", "1")
                .build(), null);
        assertThat(r.rawQuery()).contains("a%2Bb", "a%20b", "a%2Fb%252F", "multi=z&multi=a");
        verifies(r);
        Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
    }

    @Test
    void pathsWithSpacesUnicodeAndEncodedCharacters() {
        for (String path : List.of("/clusters/a%20b/%E2%9C%93/c%2Fd/plus+sign/tilde~/star%2A", "/2015-03-31/functions/my%3Afn/invocations",
                "/dots/./x/../y//z", "/trailing/", "/%25percent%2520double", "")) {
            SignedRequest r = sign(request(SdkHttpMethod.GET, "example.amazonaws.com", path).build(), null);
            verifies(r);
            if (!path.contains(".") && !path.contains("//")) Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
        }
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndJoined() {
        SignedRequest r = sign(request(SdkHttpMethod.POST, "example.amazonaws.com", "/")
                .putHeader("X-Custom", "  a   b \t c  ")
                .appendHeader("X-Custom", "second   value")
                .putHeader("X-Empty", "")
                .putHeader("Content-Type", "application/json").build(), JSON);
        assertThat(Mutations.signedHeaderNames(r)).contains("x-custom", "x-empty");
        verifies(r);
        Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
    }

    @Test
    void sessionCredentials() {
        SignedRequest r = sign(ecsJson(), JSON, SESSION_ID, b -> {});
        assertThat(Mutations.signedHeaderNames(r)).contains("x-amz-security-token");
        assertThat(verifies(r).key().principal()).isEqualTo("role/bob");
        Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
    }

    @Test
    void presignedWithExpiration() {
        SignedRequest r = sign(request(SdkHttpMethod.GET, "example.amazonaws.com", "/path%20x")
                .putRawQueryParameter("Action", "DescribeThings").putRawQueryParameter("q", "a b+c").build(), null,
                SdkOracle.LONG_TERM_ID, b -> b.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                                             .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(15)));
        assertThat(r.rawQuery()).contains("X-Amz-Expires=900", "X-Amz-Signature=");
        assertThat(r.headers()).doesNotContainKey("Authorization");
        verifies(r);
        verifier.verify(r, CREDENTIALS, NOW.plusSeconds(900));
        Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
    }

    @Test
    void presignedWithSessionTokenAndBody() {
        SignedRequest r = sign(ecsJson(), JSON, SESSION_ID, b -> b.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                                                                 .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60)));
        assertThat(r.rawQuery()).contains("X-Amz-Security-Token=");
        verifies(r);
        Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
    }

    @Test
    void queryStringAuthWithoutExpiration() {
        SignedRequest r = sign(request(SdkHttpMethod.GET, "example.amazonaws.com", "/").putRawQueryParameter("a", "1").build(), null,
                SdkOracle.LONG_TERM_ID, b -> b.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING));
        assertThat(r.rawQuery()).doesNotContain("X-Amz-Expires");
        verifies(r);
        Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
    }

    @Test
    void unsignedPayload() {
        SignedRequest r = sign(ecsJson(), JSON, SdkOracle.LONG_TERM_ID, b -> b.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        assertThat(r.headers().get("x-amz-content-sha256")).containsExactly("UNSIGNED-PAYLOAD");
        assertThat(verifies(r).payloadSigned()).isFalse();
        Mutations.assertEveryFlipRejected(verifier, r, NOW, false);
    }

    @Test
    void declaredPayloadHashMustMatchTheBody() {
        SignedRequest r = sign(ecsJson(), JSON);
        assertThat(r.headers().get("x-amz-content-sha256")).containsExactly(Hashing.sha256Hex(JSON));
        Mutations.assertReason(() -> verifier.verify(SdkOracle.withBody(r, "{}".getBytes()), CREDENTIALS, NOW),
                SigV4Exception.Reason.BAD_SIGNATURE);
    }

    @Test
    void streamingChunkedUpload() {
        byte[] payload = new byte[300_000];
        new Random(7).nextBytes(payload);
        SignedRequest r = sign(request(SdkHttpMethod.PUT, "example.amazonaws.com", "/upload")
                .putHeader("Content-Length", Integer.toString(payload.length)).build(), payload,
                SdkOracle.LONG_TERM_ID, b -> b.putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true));
        assertThat(r.headers().get("x-amz-content-sha256")).containsExactly("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertThat(r.body().length).isGreaterThan(payload.length);
        Verified v = verifies(r);
        assertThat(v.body()).isEqualTo(payload);
        assertThat(v.payloadSigned()).isTrue();
        Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
        byte[] truncated = java.util.Arrays.copyOf(r.body(), r.body().length - 10);
        Mutations.assertReason(() -> verifier.verify(SdkOracle.withBody(r, truncated), CREDENTIALS, NOW), SigV4Exception.Reason.BAD_SIGNATURE);
    }

    @Test
    void streamingChunkedUploadOfASmallBodyEveryByteCounts() {
        byte[] payload = "hello chunked world".getBytes(StandardCharsets.UTF_8);
        SignedRequest r = sign(request(SdkHttpMethod.PUT, "example.amazonaws.com", "/upload")
                .putHeader("Content-Length", Integer.toString(payload.length)).build(), payload,
                SdkOracle.LONG_TERM_ID, b -> b.putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true));
        assertThat(verifies(r).body()).isEqualTo(payload);
        Mutations.assertEveryFlipRejected(verifier, r, NOW, true);
    }

    @Test
    void otherRegionsAndServicesAreReportedNotEnforced() {
        SignedRequest r = sign(ecsJson(), JSON, SdkOracle.LONG_TERM_ID, b -> b.putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-3")
                                                                              .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sqs"));
        Verified v = verifier.verify(r, CREDENTIALS, NOW);
        assertThat(v.region()).isEqualTo("eu-west-3");
        assertThat(v.service()).isEqualTo("sqs");
    }
}
