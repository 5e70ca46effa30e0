package io.dockyard.protocol.sigv4;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it arrived on the wire, in the form the {@link SigV4Verifier} needs.
 *
 * @param method   the HTTP method, e.g. {@code POST}
 * @param rawPath  the request path exactly as sent, still percent-encoded (e.g. Jetty's {@code HttpURI.getPath()}, not a
 *                 decoded or canonicalised path)
 * @param rawQuery the query string exactly as sent, without the {@code ?}; {@code null} if there is none
 * @param headers  the request headers, names as sent (looked up case-insensitively), values in the order received; the
 *                 {@code Host} header must be present (for HTTP/2 put the {@code :authority} into {@code Host})
 * @param body     the request body, {@code null} or empty if there is none
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
}
