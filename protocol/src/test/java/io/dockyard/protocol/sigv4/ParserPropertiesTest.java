package io.dockyard.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends, the parsers and the verifier throw nothing but {@link SigV4Exception}: arbitrary strings and
 * bytes, and near-valid inputs built from the fragments of real headers and queries.
 */
class ParserPropertiesTest {
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(Duration.ofMinutes(5));
    private static final Credentials ANY_KEY = id -> Optional.of(Key.longTerm(id, "secret", null));

    private static void onlySigV4Exception(Runnable call) {
        try {
            call.run();
        } catch (SigV4Exception expected) {
            assertThat(expected.reason()).isNotNull();
            assertThat(expected.message()).isNotNull().hasSizeLessThan(4 * Text.MAX_ECHO)
                    .as("an unforeseen exception was masked by the verifier's last-resort guard")
                    .isNotEqualTo(SigV4Verifier.UNPARSEABLE);
        }
    }

    @Property(tries = 1000)
    void authorizationHeaderParserOnArbitraryStrings(@ForAll String header, @ForAll String date) {
        onlySigV4Exception(() -> AuthorizationHeaderParser.parse(header, Headers.of(Map.of("X-Amz-Date", List.of(date)))));
    }

    @Property(tries = 1000)
    void authorizationHeaderParserOnNearValidHeaders(@ForAll("nearValidAuthorization") String header, @ForAll("dates") String date,
                                                     @ForAll boolean useDateHeader) {
        Headers headers = Headers.of(Map.of(useDateHeader ? "Date" : "X-Amz-Date", List.of(date)));
        onlySigV4Exception(() -> AuthorizationHeaderParser.parse(header, headers));
    }

    @Property(tries = 1000)
    void presignedQueryParserOnArbitraryStrings(@ForAll String query) {
        onlySigV4Exception(() -> PresignedQueryParser.parse(query));
        assertThat(QueryString.canonical(QueryString.parse(query), null)).doesNotContain("+", " ");
    }

    @Property(tries = 1000)
    void presignedQueryParserOnNearValidQueries(@ForAll("nearValidQuery") String query) {
        onlySigV4Exception(() -> PresignedQueryParser.parse(query));
    }

    @Property(tries = 1000)
    void verifierOnArbitraryRequests(@ForAll("requests") SignedRequest request) {
        onlySigV4Exception(() -> VERIFIER.verify(request, ANY_KEY, SdkOracle.NOW));
    }

    @Property(tries = 500)
    void chunkedPayloadOnArbitraryBytes(@ForAll byte[] body, @ForAll("chunkedBodies") String framed) {
        onlySigV4Exception(() -> ChunkedPayload.decode(body, "seed", new byte[32], "20260101/us-east-1/s3/aws4_request", "20260101T000000Z"));
        onlySigV4Exception(() -> ChunkedPayload.decode(framed.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), "seed", new byte[32],
                "20260101/us-east-1/s3/aws4_request", "20260101T000000Z"));
        onlySigV4Exception(() -> ChunkedPayload.decode(null, null, null, null, null));
    }

    @Property(tries = 500)
    void canonicalUriNeverFails(@ForAll String path) {
        assertThat(CanonicalRequest.uri(path)).isNotNull();
    }

    private static Arbitrary<String> fragments(String... fragments) {
        return Arbitraries.oneOf(Arbitraries.of(fragments), Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withChars("/;=,% \t-_.~AKIDaz09").ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> dates() {
        return fragments("20260101T000000Z", "20260101T999999Z", "2026-01-01T00:00:00Z", "Thu, 01 Jan 2026 00:00:00 GMT",
                "Thu, 32 Jan 2026 00:00:00 GMT", "20261301T000000Z", "");
    }

    @Provide
    Arbitrary<String> nearValidAuthorization() {
        Arbitrary<String> credential = fragments("AKIDEXAMPLE", "20260101", "us-east-1", "ecs", "aws4_request", "", "/")
                .list().ofMaxSize(7).map(parts -> String.join("/", parts));
        Arbitrary<String> part = Arbitraries.oneOf(
                credential.map(c -> "Credential=" + c),
                fragments("host", "x-amz-date", "", ";").list().ofMaxSize(4).map(l -> "SignedHeaders=" + String.join(";", l)),
                fragments("0123abcd", "", "=").map(s -> "Signature=" + s),
                fragments("Credential", "Signature=", "=", ",", "SignedHeaders"));
        Arbitrary<String> separator = Arbitraries.of(", ", ",", " ", ",,", "");
        return Combinators.combine(Arbitraries.of("AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256", "AWS4-X ", "", "Bearer "),
                        Combinators.combine(part, separator).as((p, s) -> p + s).list().ofMaxSize(5))
                .as((algorithm, parts) -> algorithm + String.join("", parts));
    }

    @Provide
    Arbitrary<String> nearValidQuery() {
        Arbitrary<String> name = fragments("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders",
                "X-Amz-Signature", "X-Amz-Expires", "X-Amz-Security-Token");
        Arbitrary<String> value = fragments("AWS4-HMAC-SHA256", "AKIDEXAMPLE%2F20260101%2Fus-east-1%2Fecs%2Faws4_request",
                "20260101T000000Z", "host", "host%3Bx-amz-date", "300", "604801", "-1", "99999999999999999999", "%", "%zz", "+");
        return Combinators.combine(name, value).as((n, v) -> n + "=" + v).list().ofMaxSize(8).map(l -> String.join("&", l));
    }

    @Provide
    Arbitrary<String> chunkedBodies() {
        Arbitrary<String> header = fragments("0", "5", "ffffffff", "7fffffff", "-1", "zz").flatMap(size ->
                fragments(";chunk-signature=" + "a".repeat(64), ";chunk-signature=", ";", "").map(ext -> size + ext));
        return Combinators.combine(header, fragments("hello", "", "\r\n"), Arbitraries.of("\r\n", "\n", ""))
                .as((h, data, end) -> h + "\r\n" + data + end).list().ofMaxSize(4).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<SignedRequest> requests() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.strings()
                .withChars("%/.;=&+ ,AKIDaz09-_~").ofMaxLength(40)).injectNull(0.05);
        Arbitrary<String> names = Arbitraries.of("Authorization", "X-Amz-Date", "Date", "Host", "host", "x-amz-content-sha256",
                "X-Amz-Security-Token", "x-amz-decoded-content-length", "Content-Length", "X-Other");
        Arbitrary<String> values = Arbitraries.oneOf(nearValidAuthorization(), dates(), text,
                Arbitraries.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "UNSIGNED-PAYLOAD", Hashing.EMPTY_SHA256, "-1"));
        Arbitrary<Map<String, List<String>>> headers = Combinators.combine(names, values.list().ofMaxSize(3).injectNull(0.05))
                .as(java.util.AbstractMap.SimpleEntry::new).list().ofMaxSize(8).map(entries -> {
                    Map<String, List<String>> m = new HashMap<>();
                    entries.forEach(e -> m.put(e.getKey(), e.getValue() == null ? null : new ArrayList<>(e.getValue())));
                    return m;
                }).injectNull(0.05);
        Arbitrary<String> query = Arbitraries.oneOf(nearValidQuery(), text);
        Arbitrary<byte[]> body = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(64), chunkedBodies()
                .map(s -> s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).injectNull(0.1);
        return Combinators.combine(Arbitraries.of("GET", "POST", "").injectNull(0.05), text, query, headers, body)
                .as(SignedRequest::new);
    }
}
