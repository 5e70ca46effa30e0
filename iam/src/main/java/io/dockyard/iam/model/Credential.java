package io.dockyard.iam.model;

import java.time.Instant;

/**
 * What signs a request: the access key id, its secret, the session token (null for a long-term key), when it expires
 * (null: never) and whom it acts for. Never stored; {@link #toString} leaves the secret and the token out.
 */
public record Credential(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiresAt, Principal principal) {
    @Override
    public String toString() {
        return "Credential[" + accessKeyId + ", expiresAt=" + expiresAt + ", principal=" + (principal == null ? null : principal.arn()) + "]";
    }
}
