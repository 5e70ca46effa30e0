package io.dockyard.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Properties against the AWS SDK for Java v2: the canonical URI and query of any request the SDK can send are the SDK's,
 * and any request the SDK signs (random path, query, header, body; header or query auth; long-term or session keys;
 * signed or unsigned payload) verifies.
 */
class SdkPropertiesTest {
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(Duration.ofMinutes(5));

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12), Arbitraries.strings().withChars("%+ /~*.:@!$&'()=;,é✓")
                .ofMaxLength(8), Arbitraries.of(".", "..", "", "%2F", "a b"))
                .list().ofMaxSize(6).map(SdkPropertiesTest::encodedPath);
    }

    /** A path as an SDK marshaller builds it: each segment URI-encoded (raw dot segments and empty segments kept). */
    private static String encodedPath(List<String> segments) {
        StringBuilder b = new StringBuilder();
        for (String s : segments) b.append('/').append(s.equals(".") || s.equals("..") ? s : SdkHttpUtils.urlEncode(s));
        return b.toString();
    }

    @Provide
    Arbitrary<Map<String, List<String>>> queries() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(10),
                Arbitraries.strings().withChars("%+ /~*=&?#é✓a").ofMaxLength(6), Arbitraries.of(""));
        return Arbitraries.maps(text, text.injectNull(0.1).list().ofMinSize(1).ofMaxSize(3)).ofMaxSize(5);
    }

    private static SdkHttpFullRequest.Builder base(String path, Map<String, List<String>> query) {
        SdkHttpFullRequest.Builder b = SdkOracle.request(SdkHttpMethod.POST, "example.amazonaws.com", path);
        query.forEach((k, v) -> b.putRawQueryParameter(k, new ArrayList<>(v)));
        return b;
    }

    @Property(tries = 500)
    void canonicalUriIsTheSdks(@ForAll("segments") String path) {
        SdkHttpFullRequest r = base(path, Map.of()).build();
        String sdk = SdkOracle.sdkCanonical(r, "x").split("\n", -1)[1];
        assertThat(CanonicalRequest.uri(SdkOracle.wire(r, null).rawPath())).as(path).isEqualTo(sdk);
    }

    @Property(tries = 500)
    void canonicalQueryIsTheSdks(@ForAll("queries") Map<String, List<String>> query) {
        SdkHttpFullRequest r = base("/", query).build();
        String sdk = SdkOracle.sdkCanonical(r, "x").split("\n", -1)[2];
        String wire = SdkOracle.wire(r, null).rawQuery();
        assertThat(QueryString.canonical(QueryString.parse(wire), null)).as(wire).isEqualTo(sdk);
    }

    @Property(tries = 300)
    void whatTheSdkSignsVerifies(@ForAll("segments") String path, @ForAll("queries") Map<String, List<String>> query,
                                 @ForAll byte[] body, @ForAll("headerValues") String headerValue, @ForAll boolean session,
                                 @ForAll boolean presigned, @ForAll boolean unsignedPayload) {
        SdkHttpFullRequest r = base(path, query).putHeader("X-Custom", headerValue)
                                                .putHeader("Content-Length", Integer.toString(body.length)).build();
        SignedRequest signed = SdkOracle.sign(r, body, session ? SdkOracle.SESSION_ID : SdkOracle.LONG_TERM_ID, b -> {
            if (presigned) {
                b.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                 .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(10));
            }
            if (unsignedPayload) b.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
        });
        Verified v = VERIFIER.verify(signed, SdkOracle.CREDENTIALS, SdkOracle.NOW);
        assertThat(v.key()).isEqualTo(session ? SdkOracle.SESSION : SdkOracle.LONG_TERM);
        assertThat(v.body()).isEqualTo(body);
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.strings().withChars(" \tabcXYZ019,;:=\"'/").ofMaxLength(20);
    }
}
