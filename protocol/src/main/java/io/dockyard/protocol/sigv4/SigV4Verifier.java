package io.dockyard.protocol.sigv4;

import io.dockyard.protocol.sigv4.SigV4Exception.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Verifies AWS Signature Version 4 on a request, the way an AWS service does: the {@code Authorization} header or a
 * presigned query string is parsed, the key is looked up, the session token, the signature, the payload hash (and for
 * {@code aws-chunked} uploads every chunk signature) and the request time are checked. Failure is always a
 * {@link SigV4Exception}, whatever the request contains; only a failing {@link Credentials} store propagates its own
 * exception. Thread-safe; keep one instance, it caches signing keys.
 * <p>
 * Order of checks: MISSING / INCOMPLETE (shape), UNKNOWN_KEY, TOKEN_MISMATCH, EXPIRED_TOKEN, BAD_SIGNATURE, then
 * SKEWED / PRESIGN_EXPIRED, so only a correctly signed request learns about the server's clock.
 * <p>
 * The payload hash signed is the {@code x-amz-content-sha256} header when it is 64 hex digits (the body must then have
 * that SHA-256), {@code UNSIGNED-PAYLOAD}, or {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} (every chunk is then verified and
 * the decoded body returned); otherwise the SHA-256 of the body. A presigned request without that header may also have
 * signed {@code UNSIGNED-PAYLOAD}, as the SDK does with payload signing off. Region and service are reported in
 * {@link Verified}, not enforced.
 */
public final class SigV4Verifier {
    static final String SECURITY_TOKEN = "X-Amz-Security-Token";
    static final String CONTENT_SHA256 = "x-amz-content-sha256";
    static final String STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** The message of the last-resort guard: an exception nobody foresaw, reported as an incomplete signature. */
    static final String UNPARSEABLE = "The request could not be parsed for signature verification.";

    private final Duration allowedSkew;
    private final SigningKeys signingKeys;

    /** A verifier accepting requests signed at most {@code allowedSkew} away from now (AWS: 5 minutes). */
    public SigV4Verifier(Duration allowedSkew) {
        this(allowedSkew, SigningKeys.DEFAULT_CAPACITY);
    }

    SigV4Verifier(Duration allowedSkew, int signingKeyCacheCapacity) {
        if (allowedSkew == null || allowedSkew.isNegative()) throw new IllegalArgumentException("allowedSkew: " + allowedSkew);
        this.allowedSkew = allowedSkew;
        this.signingKeys = new SigningKeys(signingKeyCacheCapacity);
    }

    /**
     * Verifies {@code request}.
     *
     * @param request     the request as received
     * @param credentials the keys Dockyard issued
     * @param now         the server's current time
     * @return the key, scope and time of the signature, and the body to pass on
     * @throws SigV4Exception when the request must be refused
     */
    public Verified verify(SignedRequest request, Credentials credentials, Instant now) {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(now, "now");
        if (request == null) throw new SigV4Exception(Reason.MISSING);
        Headers headers = guard(() -> Headers.of(request.headers()));
        List<QueryString.Param> query = guard(() -> QueryString.parse(request.rawQuery()));
        ParsedAuth auth = guard(() -> parse(headers, query));
        Key key = lookup(credentials, auth.scope().accessKeyId());
        return guard(() -> check(request, headers, query, auth, key, now));
    }

    /** How many signing keys were derived rather than taken from the cache. */
    long signingKeyDerivations() {
        return signingKeys.derivations();
    }

    private static ParsedAuth parse(Headers headers, List<QueryString.Param> query) {
        String authorization = headers.firstNonBlank("Authorization");
        boolean presigned = PresignedQueryParser.isPresigned(query);
        if (authorization != null && presigned) {
            throw Text.incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the"
                                  + " Authorization header should be specified.");
        }
        if (authorization == null && !presigned) throw new SigV4Exception(Reason.MISSING);
        if (authorization == null) return PresignedQueryParser.parse(query);
        if (headers.repeated("Authorization")) throw Text.incomplete("Only one Authorization header is allowed.");
        return AuthorizationHeaderParser.parse(authorization, headers);
    }

    private static Key lookup(Credentials credentials, String accessKeyId) {
        Optional<Key> found = credentials.find(accessKeyId);
        Key key = found == null ? null : found.orElse(null);
        if (key == null || key.secretAccessKey() == null || key.secretAccessKey().isEmpty()) {
            throw new SigV4Exception(Reason.UNKNOWN_KEY);
        }
        return key;
    }

    private Verified check(SignedRequest request, Headers headers, List<QueryString.Param> query, ParsedAuth auth, Key key,
                           Instant now) {
        checkToken(key, token(headers, query), now);
        CredentialScope scope = auth.scope();
        byte[] signingKey = signingKeys.get(key.secretAccessKey(), scope.date(), scope.region(), scope.service());
        byte[] body = request.body() == null ? new byte[0] : request.body();
        String declared = headers.first(CONTENT_SHA256);
        declared = declared == null ? null : declared.strip();
        boolean streaming = STREAMING_PAYLOAD.equals(declared);
        boolean unsigned = UNSIGNED_PAYLOAD.equals(declared);
        boolean declaredHash = Hashing.isSha256Hex(declared);
        String bodyHash = streaming || unsigned ? null : Hashing.sha256Hex(body);
        String payloadHash = streaming || unsigned || declaredHash ? declared : bodyHash;

        String uri = CanonicalRequest.uri(request.rawPath());
        String canonicalQuery = QueryString.canonical(query, auth.presigned() ? PresignedQueryParser.SIGNATURE : null);
        Predicate<String> signs = hash -> Hashing.constantTimeEquals(auth.signature(), signature(signingKey, auth,
                CanonicalRequest.build(request.method(), uri, canonicalQuery, headers, auth.signedHeaders(), hash)));
        if (!signs.test(payloadHash)) {
            // A presigned request carries no x-amz-content-sha256: the SDK then signs either the body's hash or, with payload
            // signing off, UNSIGNED-PAYLOAD. Each signature commits to one of the two, so trying both accepts nothing unsigned.
            if (!(auth.presigned() && declared == null && signs.test(UNSIGNED_PAYLOAD))) {
                throw new SigV4Exception(Reason.BAD_SIGNATURE);
            }
            unsigned = true;
        }
        if (declaredHash && !declared.equalsIgnoreCase(bodyHash)) throw new SigV4Exception(Reason.BAD_SIGNATURE);

        checkTime(auth, now);
        if (streaming) {
            body = ChunkedPayload.decode(body, auth.signature(), signingKey, scope.scope(), auth.amzDate());
            String decodedLength = headers.first("x-amz-decoded-content-length");
            if (decodedLength != null && !decodedLength.strip().equals(Integer.toString(body.length))) {
                throw new SigV4Exception(Reason.BAD_SIGNATURE);
            }
        }
        return new Verified(key, scope.region(), scope.service(), auth.signedAt(), !unsigned, body);
    }

    private static String signature(byte[] signingKey, ParsedAuth auth, String canonicalRequest) {
        String stringToSign = AuthorizationHeaderParser.ALGORITHM + "\n" + auth.amzDate() + "\n" + auth.scope().scope() + "\n"
                              + Hashing.sha256Hex(canonicalRequest);
        return Hashing.hex(Hashing.hmac(signingKey, stringToSign));
    }

    /** The session token the client sent: the header, else the query parameter; {@code null} if neither. */
    private static String token(Headers headers, List<QueryString.Param> query) {
        String token = headers.firstNonBlank(SECURITY_TOKEN);
        if (token == null) token = QueryString.first(query, SECURITY_TOKEN);
        return token == null || token.isEmpty() ? null : token;
    }

    private static void checkToken(Key key, String token, Instant now) {
        boolean matches = key.sessionToken() == null ? token == null : Hashing.constantTimeEquals(key.sessionToken(), token);
        if (!matches) throw new SigV4Exception(Reason.TOKEN_MISMATCH);
        if (key.expiresAt() != null && !now.isBefore(key.expiresAt())) throw new SigV4Exception(Reason.EXPIRED_TOKEN);
    }

    private void checkTime(ParsedAuth auth, Instant now) {
        Instant signedAt = auth.signedAt();
        Instant latest = now.plus(allowedSkew);
        if (signedAt.isAfter(latest)) {
            throw new SigV4Exception(Reason.SKEWED, "Signature not yet current: " + auth.amzDate() + " is still later than "
                                                    + AmzDate.format(latest) + " (" + AmzDate.format(now) + " + " + skew() + ".)");
        }
        if (auth.expiresSeconds() != null) {
            if (now.isAfter(signedAt.plusSeconds(auth.expiresSeconds()))) throw new SigV4Exception(Reason.PRESIGN_EXPIRED);
            return;
        }
        Instant earliest = now.minus(allowedSkew);
        if (signedAt.isBefore(earliest)) {
            throw new SigV4Exception(Reason.SKEWED, "Signature expired: " + auth.amzDate() + " is now earlier than "
                                                    + AmzDate.format(earliest) + " (" + AmzDate.format(now) + " - " + skew() + ".)");
        }
    }

    /** The allowed skew as AWS writes it: {@code 5 min}, or seconds when not whole minutes. */
    private String skew() {
        long seconds = allowedSkew.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " sec";
    }

    /**
     * Runs a step on client input; any exception other than {@link SigV4Exception} is a bug or an input nobody foresaw, and
     * must still not become a 500: it is reported as an incomplete signature.
     */
    private static <T> T guard(Supplier<T> step) {
        try {
            return step.get();
        } catch (SigV4Exception e) {
            throw e;
        } catch (RuntimeException e) {
            throw Text.incomplete(UNPARSEABLE);
        }
    }
}
