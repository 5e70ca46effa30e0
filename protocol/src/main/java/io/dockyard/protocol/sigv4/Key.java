package io.dockyard.protocol.sigv4;

import java.time.Instant;

/**
 * An access key Dockyard issued: a long-term key (no session token, usually no expiry) or temporary credentials (with a
 * session token the client must send as {@code X-Amz-Security-Token}, and an expiry).
 * <p>
 * {@link #toString()} redacts the secret and the session token so a key can be logged safely.
 *
 * @param accessKeyId     the public id, e.g. {@code AKIA...} or {@code ASIA...}
 * @param secretAccessKey the secret the client signs with
 * @param sessionToken    the session token of temporary credentials; {@code null} for long-term keys
 * @param expiresAt       the instant from which the key is refused; {@code null} for never
 * @param principal       whatever the caller wants back on success (a user, a role session...)
 */
public record Key(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt, Object principal) {

    /** A long-term key that never expires. */
    public static Key longTerm(String accessKeyId, String secretAccessKey, Object principal) {
        return new Key(accessKeyId, secretAccessKey, null, null, principal);
    }

    @Override
    public String toString() {
        return "Key[accessKeyId=" + accessKeyId + ", secretAccessKey=***, sessionToken=" + (sessionToken == null ? "null" : "***")
               + ", expiresAt=" + expiresAt + ", principal=" + principal + "]";
    }
}
