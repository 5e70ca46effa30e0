package io.dockyard.protocol.sigv4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Test helper: the AWS SDK for Java v2's {@link AwsV4HttpSigner} as the oracle. Signs SDK requests at a fixed instant and
 * turns the result into the {@link SignedRequest} the edge would hand to the verifier (path and query as they go on the wire).
 */
final class SdkOracle {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String AK = "AKIDEXAMPLE";
    static final String SK = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String SESSION_AK = "ASIAEXAMPLE";
    static final String SESSION_SK = "sessionSecretKey/EXAMPLE+xyz";
    static final String TOKEN = "FwoGZXIvYXdzEXAMPLE//token+with/odd=chars==";

    static final Key LONG_TERM = Key.longTerm(AK, SK, "user/alice");
    static final Key SESSION = new Key(SESSION_AK, SESSION_SK, TOKEN, NOW.plusSeconds(3600), "role/bob");
    static final Credentials CREDENTIALS = id -> Optional.ofNullable(
            id.equals(AK) ? LONG_TERM : id.equals(SESSION_AK) ? SESSION : null);

    static final AwsCredentialsIdentity LONG_TERM_ID = AwsCredentialsIdentity.create(AK, SK);
    static final AwsCredentialsIdentity SESSION_ID = AwsSessionCredentialsIdentity.create(SESSION_AK, SESSION_SK, TOKEN);

    private SdkOracle() {}

    /** A request builder for {@code https://host/path} with the given method. */
    static SdkHttpFullRequest.Builder request(SdkHttpMethod method, String host, String encodedPath) {
        return SdkHttpFullRequest.builder().method(method).protocol("https").host(host).encodedPath(encodedPath);
    }

    /** Signs with {@code ecs}/{@code us-east-1} at {@link #NOW}; {@code properties} may add or override signer properties. */
    static SignedRequest sign(SdkHttpFullRequest request, byte[] body, AwsCredentialsIdentity identity,
                              Consumer<SignRequest.Builder<AwsCredentialsIdentity>> properties) {
        var signed = AwsV4HttpSigner.create().sign(b -> {
            b.identity(identity).request(request)
             .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ecs")
             .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
             .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC));
            if (body != null) b.payload(ContentStreamProvider.fromByteArray(body));
            properties.accept(b);
        });
        byte[] wireBody = signed.payload().map(SdkOracle::readAll).orElse(body);
        return wire(signed.request(), wireBody);
    }

    static SignedRequest sign(SdkHttpFullRequest request, byte[] body) {
        return sign(request, body, LONG_TERM_ID, b -> {});
    }

    /** The request as it appears on the wire. */
    static SignedRequest wire(SdkHttpRequest r, byte[] body) {
        String query = SdkHttpUtils.encodeAndFlattenQueryParameters(r.rawQueryParameters()).orElse(null);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        r.forEachHeader((k, v) -> headers.put(k, new ArrayList<>(v)));
        return new SignedRequest(r.method().name(), r.encodedPath(), query, headers, body);
    }

    /** The SDK's own canonical request for {@code r} (non-S3 options: double URL encoding, path normalisation). */
    static String sdkCanonical(SdkHttpRequest r, String payloadHash) {
        return new V4CanonicalRequest(r, payloadHash, new V4CanonicalRequest.Options(true, true)).getCanonicalRequestString();
    }

    static byte[] readAll(ContentStreamProvider p) {
        try (var in = p.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SignedRequest withBody(SignedRequest r, byte[] body) {
        return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), r.headers(), body);
    }

    static SignedRequest withPath(SignedRequest r, String path) {
        return new SignedRequest(r.method(), path, r.rawQuery(), r.headers(), r.body());
    }

    static SignedRequest withQuery(SignedRequest r, String query) {
        return new SignedRequest(r.method(), r.rawPath(), query, r.headers(), r.body());
    }

    /** {@code r} with header {@code name} (exact spelling) replaced by {@code values}. */
    static SignedRequest withHeader(SignedRequest r, String name, List<String> values) {
        Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
        headers.put(name, values);
        return new SignedRequest(r.method(), r.rawPath(), r.rawQuery(), headers, r.body());
    }
}
