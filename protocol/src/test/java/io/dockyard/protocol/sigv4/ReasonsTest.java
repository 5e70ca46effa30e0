package io.dockyard.protocol.sigv4;

import static io.dockyard.protocol.sigv4.SdkOracle.CREDENTIALS;
import static io.dockyard.protocol.sigv4.SdkOracle.NOW;
import static io.dockyard.protocol.sigv4.SdkOracle.request;
import static io.dockyard.protocol.sigv4.SdkOracle.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dockyard.core.AwsException;
import io.dockyard.protocol.sigv4.SigV4Exception.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Every {@link Reason}: how it is provoked, its codes for Query and JSON services, status and message. */
class ReasonsTest {
    private final SigV4Verifier verifier = new SigV4Verifier(Duration.ofMinutes(5));

    private static SignedRequest signed() {
        return sign(request(SdkHttpMethod.POST, "sts.amazonaws.com", "/").putHeader("Content-Type", "application/x-www-form-urlencoded")
                                                                           .build(), "Action=GetCallerIdentity".getBytes());
    }

    private SigV4Exception refusal(SignedRequest r, Credentials c, Instant now) {
        SigV4Exception e = catchThrowableOfType(SigV4Exception.class, () -> verifier.verify(r, c, now));
        assertThat(e).as("must be refused").isNotNull();
        return e;
    }

    private SigV4Exception refusal(SignedRequest r) {
        return refusal(r, CREDENTIALS, NOW);
    }

    private static void codes(SigV4Exception e, Reason reason, String query, String json, int status) {
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.code(true)).isEqualTo(query);
        assertThat(e.code(false)).isEqualTo(json);
        assertThat(e.status()).isEqualTo(status);
        AwsException aws = e.toAwsException(true);
        assertThat(aws.code()).isEqualTo(query);
        assertThat(aws.status()).isEqualTo(status);
        assertThat(aws.getMessage()).isEqualTo(e.message());
    }

    private static SignedRequest withAuthorization(String value) {
        return SdkOracle.withHeader(signed(), "Authorization", List.of(value));
    }

    @Test
    void missing() {
        SignedRequest r = signed();
        Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
        headers.remove("Authorization");
        SigV4Exception e = refusal(new SignedRequest("POST", "/", "Action=GetCallerIdentity", headers, null));
        codes(e, Reason.MISSING, "MissingAuthenticationToken", "MissingAuthenticationTokenException", 403);
        assertThat(e.message()).isEqualTo("Missing Authentication Token");
        assertThat(refusal(null).reason()).isEqualTo(Reason.MISSING);
        assertThat(refusal(new SignedRequest(null, null, null, null, null)).reason()).isEqualTo(Reason.MISSING);
        assertThat(refusal(withAuthorization("   ")).reason()).isEqualTo(Reason.MISSING);
    }

    @Test
    void incompleteHeader() {
        SigV4Exception e = refusal(withAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date"));
        codes(e, Reason.INCOMPLETE, "IncompleteSignature", "IncompleteSignatureException", 400);
        assertThat(e.message()).isEqualTo("Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256"
                                          + " Credential=AKIDEXAMPLE/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date");
        assertThat(refusal(withAuthorization("Bearer abc")).message()).isEqualTo(
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter."
                + " Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer abc");
        assertThat(refusal(withAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ecs, SignedHeaders=host, Signature=ab"))
                .message()).startsWith("Credential should be scoped by 5 parts");
        assertThat(refusal(withAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ecs/aws5_request, SignedHeaders=host, Signature=ab"))
                .message()).startsWith("Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.");
        assertThat(refusal(withAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20251231/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=ab"))
                .message()).startsWith("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                                       + "'20251231' != '20260101', from '20260101T000000Z'.");
        assertThat(refusal(withAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ecs/aws4_request, SignedHeaders=x-amz-date, Signature=ab"))
                .message()).startsWith("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        assertThat(refusal(withAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, garbage, Signature=ab"))
                .message()).isEqualTo("'garbage' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256"
                                      + " Credential=AKIDEXAMPLE/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, garbage, Signature=ab'.");
        assertThat(refusal(withAuthorization("AWS4-HMAC-SHA512 Credential=A/20260101/r/s/aws4_request, SignedHeaders=host, Signature=ab"))
                .message()).startsWith("Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'.");
    }

    @Test
    void incompleteWithoutDate() {
        SignedRequest r = signed();
        Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
        headers.remove("X-Amz-Date");
        assertThat(refusal(new SignedRequest("POST", "/", null, headers, r.body())).message())
                .startsWith("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=");
        assertThat(refusal(SdkOracle.withHeader(r, "X-Amz-Date", List.of("2026-01-01T00:00:00Z"))).message())
                .startsWith("Date must be in ISO-8601 'basic format'. Got '2026-01-01T00:00:00Z'");
    }

    @Test
    void incompletePresignedQuery() {
        SigV4Exception e = refusal(new SignedRequest("GET", "/", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20260101%2Fus-east-1%2Fecs%2Faws4_request",
                Map.of("Host", List.of("h")), null));
        codes(e, Reason.INCOMPLETE, "IncompleteSignature", "IncompleteSignatureException", 400);
        assertThat(e.message()).startsWith("Query-string authentication version 4 requires the X-Amz-Algorithm");
        SignedRequest presigned = presigned(Duration.ofMinutes(5));
        assertThat(refusal(SdkOracle.withQuery(presigned, presigned.rawQuery().replace("X-Amz-Expires=300", "X-Amz-Expires=604801"))).message())
                .contains("604800");
        SignedRequest both = SdkOracle.withHeader(presigned, "Authorization", List.of(Mutations.authorization(signed())));
        assertThat(refusal(both).message()).startsWith("Only one auth mechanism allowed");
    }

    @Test
    void unknownKey() {
        SigV4Exception e = refusal(signed(), id -> Optional.empty(), NOW);
        codes(e, Reason.UNKNOWN_KEY, "InvalidClientTokenId", "UnrecognizedClientException", 403);
        assertThat(e.message()).isEqualTo("The security token included in the request is invalid.");
    }

    @Test
    void badSignature() {
        SignedRequest r = signed();
        SigV4Exception e = refusal(r, id -> Optional.of(Key.longTerm(id, "another secret", null)), NOW);
        codes(e, Reason.BAD_SIGNATURE, "SignatureDoesNotMatch", "InvalidSignatureException", 403);
        assertThat(e.message()).isEqualTo("The request signature we calculated does not match the signature you provided. Check"
                                          + " your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    @Test
    void skewedInThePastAndInTheFuture() {
        SigV4Exception past = refusal(signed(), CREDENTIALS, NOW.plus(Duration.ofMinutes(10)));
        codes(past, Reason.SKEWED, "SignatureDoesNotMatch", "InvalidSignatureException", 403);
        assertThat(past.message()).isEqualTo("Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)");
        SigV4Exception future = refusal(signed(), CREDENTIALS, NOW.minus(Duration.ofMinutes(10)));
        assertThat(future.message()).isEqualTo(
                "Signature not yet current: 20260101T000000Z is still later than 20251231T235500Z (20251231T235000Z + 5 min.)");
        verifier.verify(signed(), CREDENTIALS, NOW.plus(Duration.ofMinutes(5)));
        verifier.verify(signed(), CREDENTIALS, NOW.minus(Duration.ofMinutes(5)));
        assertThat(catchThrowableOfType(SigV4Exception.class, () -> new SigV4Verifier(Duration.ofSeconds(90))
                .verify(signed(), CREDENTIALS, NOW.plusSeconds(91))).message()).endsWith("(20260101T000131Z - 90 sec.)");
    }

    private static SignedRequest presigned(Duration expires) {
        return sign(request(SdkHttpMethod.GET, "example.amazonaws.com", "/").build(), null, SdkOracle.LONG_TERM_ID,
                b -> b.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                      .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires));
    }

    @Test
    void presignExpired() {
        SignedRequest r = presigned(Duration.ofHours(1));
        verifier.verify(r, CREDENTIALS, NOW.plus(Duration.ofHours(1)));
        SigV4Exception e = refusal(r, CREDENTIALS, NOW.plus(Duration.ofHours(1)).plusSeconds(1));
        codes(e, Reason.PRESIGN_EXPIRED, "AccessDenied", "AccessDeniedException", 403);
        assertThat(e.message()).isEqualTo("Request has expired");
        assertThat(refusal(r, CREDENTIALS, NOW.minus(Duration.ofMinutes(6))).reason()).isEqualTo(Reason.SKEWED);
    }

    @Test
    void expiredToken() {
        SignedRequest r = sign(request(SdkHttpMethod.GET, "example.amazonaws.com", "/").build(), null, SdkOracle.SESSION_ID, b -> {});
        Key expired = new Key(SdkOracle.SESSION_AK, SdkOracle.SESSION_SK, SdkOracle.TOKEN, NOW, "role/bob");
        SigV4Exception e = refusal(r, id -> Optional.of(expired), NOW);
        codes(e, Reason.EXPIRED_TOKEN, "ExpiredToken", "ExpiredTokenException", 403);
        assertThat(e.message()).isEqualTo("The security token included in the request is expired");
        Key valid = new Key(SdkOracle.SESSION_AK, SdkOracle.SESSION_SK, SdkOracle.TOKEN, NOW.plusSeconds(1), "role/bob");
        verifier.verify(r, id -> Optional.of(valid), NOW);
    }

    @Test
    void tokenMismatch() {
        SignedRequest withToken = sign(request(SdkHttpMethod.GET, "example.amazonaws.com", "/").build(), null, SdkOracle.SESSION_ID, b -> {});
        SigV4Exception wrong = refusal(SdkOracle.withHeader(withToken, "X-Amz-Security-Token", List.of("other")));
        codes(wrong, Reason.TOKEN_MISMATCH, "InvalidClientTokenId", "UnrecognizedClientException", 403);
        assertThat(wrong.message()).isEqualTo("The security token included in the request is invalid.");
        // the session key signed without its token
        SignedRequest noToken = sign(request(SdkHttpMethod.GET, "example.amazonaws.com", "/").build(), null,
                software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.create(SdkOracle.SESSION_AK, SdkOracle.SESSION_SK), b -> {});
        assertThat(refusal(noToken).reason()).isEqualTo(Reason.TOKEN_MISMATCH);
        // a long-term key used with a token
        SignedRequest longTermWithToken = sign(request(SdkHttpMethod.GET, "example.amazonaws.com", "/").build(), null,
                AwsSessionCredentialsIdentity.create(SdkOracle.AK, SdkOracle.SK, "made-up"), b -> {});
        assertThat(refusal(longTermWithToken).reason()).isEqualTo(Reason.TOKEN_MISMATCH);
    }

    @Test
    void keysDoNotLeakTheirSecrets() {
        assertThat(SdkOracle.SESSION.toString()).doesNotContain(SdkOracle.SESSION_SK, SdkOracle.TOKEN).contains(SdkOracle.SESSION_AK);
    }
}
