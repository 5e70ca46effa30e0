package io.dockyard.protocol.sigv4;

import java.time.Instant;
import java.util.List;

/**
 * Parses the SigV4 parameters of a presigned (query-string authenticated) request: {@code X-Amz-Algorithm},
 * {@code X-Amz-Credential}, {@code X-Amz-Date}, {@code X-Amz-SignedHeaders}, {@code X-Amz-Signature} and the optional
 * {@code X-Amz-Expires} (the SDK leaves it out when no expiration is asked for; the clock-skew window applies then).
 * Anything malformed is an INCOMPLETE {@link SigV4Exception}; nothing else is ever thrown.
 */
final class PresignedQueryParser {
    static final String ALGORITHM = "X-Amz-Algorithm";
    static final String CREDENTIAL = "X-Amz-Credential";
    static final String DATE = "X-Amz-Date";
    static final String SIGNED_HEADERS = "X-Amz-SignedHeaders";
    static final String SIGNATURE = "X-Amz-Signature";
    static final String EXPIRES = "X-Amz-Expires";
    /** The longest validity AWS allows a presigned URL: seven days. */
    static final long MAX_EXPIRES = 604800;

    private static final List<String> AUTH_PARAMS = List.of(ALGORITHM, CREDENTIAL, DATE, SIGNED_HEADERS, SIGNATURE, EXPIRES);

    private PresignedQueryParser() {}

    /** Whether the query tries to authenticate the request (any of algorithm, credential or signature present). */
    static boolean isPresigned(List<QueryString.Param> params) {
        for (QueryString.Param p : params) {
            if (p.name().equals(ALGORITHM) || p.name().equals(CREDENTIAL) || p.name().equals(SIGNATURE)) return true;
        }
        return false;
    }

    /** Parses a raw query string; see {@link #parse(List)}. */
    static ParsedAuth parse(String rawQuery) {
        return parse(QueryString.parse(rawQuery));
    }

    static ParsedAuth parse(List<QueryString.Param> params) {
        for (String name : AUTH_PARAMS) {
            int count = 0;
            for (QueryString.Param p : params) if (p.name().equals(name)) count++;
            if (count > 1) throw Text.incomplete("Query-string authentication parameter '" + name + "' must not be repeated.");
        }
        String algorithm = QueryString.first(params, ALGORITHM);
        String credential = QueryString.first(params, CREDENTIAL);
        String date = QueryString.first(params, DATE);
        String signedHeaders = QueryString.first(params, SIGNED_HEADERS);
        String signature = QueryString.first(params, SIGNATURE);
        String expires = QueryString.first(params, EXPIRES);
        if (blank(algorithm) || blank(credential) || blank(date) || blank(signedHeaders) || blank(signature)) {
            throw Text.incomplete("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential,"
                                  + " X-Amz-Signature, X-Amz-Date and X-Amz-SignedHeaders parameters.");
        }
        if (!algorithm.equals(AuthorizationHeaderParser.ALGORITHM)) {
            throw Text.incomplete("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\", not '" + Text.echo(algorithm) + "'.");
        }
        Instant signedAt = AmzDate.parseBasic(date);
        if (signedAt == null) {
            throw Text.incomplete("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\", not '"
                                  + Text.echo(date) + "'.");
        }
        Long expiresSeconds = expires == null ? null : expires(expires);
        return ParsedAuth.of(true, credential, signedHeaders, signature, date, signedAt, expiresSeconds,
                " Query-string authentication: X-Amz-Credential=" + Text.echo(credential));
    }

    private static long expires(String s) {
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw Text.incomplete("X-Amz-Expires should be a number of seconds, not '" + Text.echo(s) + "'.");
        }
        long v = Long.parseLong(s);
        if (v < 1 || v > MAX_EXPIRES) {
            throw Text.incomplete("X-Amz-Expires must be between 1 second and a week (in seconds) that is 604800, not " + v + ".");
        }
        return v;
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
