package io.dockyard.protocol.sigv4;

import java.net.URI;
import java.util.List;

/**
 * The SigV4 canonical request, built the way the AWS SDK for Java v2 builds it for every service but S3:
 * <pre>
 * METHOD \n canonical URI \n canonical query \n canonical headers \n signed headers \n payload hash
 * </pre>
 * The canonical URI is the path <em>as sent</em> (already percent-encoded once), normalised ({@code .} and {@code ..}
 * segments resolved, runs of {@code /} collapsed, exactly as {@link URI#normalize()} does, which is what the SDK uses) and
 * then URI-encoded a second time with {@code /} kept: {@code /a%20b} is signed as {@code /a%2520b}. This is AWS's documented
 * rule ("each path segment must be URI-encoded twice, except for Amazon S3").
 */
final class CanonicalRequest {

    private CanonicalRequest() {}

    /** The whole canonical request. */
    static String build(String method, String canonicalUri, String canonicalQuery, Headers headers, List<String> signedHeaders,
                        String payloadHash) {
        StringBuilder b = new StringBuilder(512);
        b.append(method == null ? "" : method).append('\n');
        b.append(canonicalUri).append('\n');
        b.append(canonicalQuery).append('\n');
        for (String name : signedHeaders) {
            b.append(name).append(':');
            appendValues(b, headers.all(name));
            b.append('\n');
        }
        b.append('\n');
        b.append(String.join(";", signedHeaders)).append('\n');
        b.append(payloadHash);
        return b.toString();
    }

    /** The canonical URI of a raw (percent-encoded, as sent) path. */
    static String uri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) return "/";
        // Not an origin-form path (no SDK sends one): encoded as is, never made equivalent to a real path.
        if (rawPath.charAt(0) != '/') return UriEncoding.encode(rawPath, true);
        String path = rawPath;
        String encoded = UriEncoding.encode(normalize(path), true);
        // URI.normalize() leaves a trailing slash after a final "." or ".." segment; the SDK drops it again unless the
        // (decoded) path itself ends with a slash.
        boolean endsWithSlash = path.endsWith("/") || path.regionMatches(true, path.length() - 3, "%2F", 0, 3);
        if (encoded.length() > 1 && encoded.endsWith("/") && !endsWithSlash) {
            encoded = encoded.substring(0, encoded.length() - 1);
        }
        return encoded;
    }

    /** {@code path} normalised by {@link URI#normalize()}; unchanged if it is not a valid URI path (no SDK sends such). */
    static String normalize(String path) {
        if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) return path;
        try {
            String normalized = URI.create("http://h" + path).normalize().getRawPath();
            return normalized == null || normalized.isEmpty() ? "/" : normalized;
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    /** The values of one header: each trimmed, inner runs of whitespace collapsed to one space, joined with commas. */
    static void appendValues(StringBuilder b, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) b.append(',');
            appendTrimmed(b, values.get(i));
        }
    }

    private static void appendTrimmed(StringBuilder b, String value) {
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhitespace(c)) {
                pendingSpace = started;
            } else {
                if (pendingSpace) b.append(' ');
                b.append(c);
                started = true;
                pendingSpace = false;
            }
        }
    }

    /** The whitespace the SDK trims and collapses: space, tab, LF, VT, CR, FF. */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
    }
}
