package io.dockyard.protocol.sigv4;

import java.time.Instant;

/**
 * The outcome of a successful verification.
 *
 * @param key           the key that signed the request (its {@link Key#principal()} identifies the caller)
 * @param region        the region of the credential scope
 * @param service       the service signing name of the credential scope
 * @param signedAt      the instant the client signed at ({@code X-Amz-Date})
 * @param payloadSigned whether the body is covered by the signature; {@code false} when the client signed
 *                      {@code UNSIGNED-PAYLOAD} (TLS is then all that protects the body)
 * @param body          the body to hand to the service: the request body, or for {@code aws-chunked} streaming uploads
 *                      ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}) the decoded bytes whose chunk signatures all checked out
 */
public record Verified(Key key, String region, String service, Instant signedAt, boolean payloadSigned, byte[] body) {
}
