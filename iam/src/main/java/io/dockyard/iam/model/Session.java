package io.dockyard.iam.model;

import java.time.Instant;

/**
 * Temporary credentials issued by STS (AssumeRole, GetSessionToken): the key id ({@code ASIA…}), the random {@code nonce}
 * its secret and session token are derived from (neither is stored; {@code tokenHash} is the SHA-256 of the token, hex,
 * checked when the token is recomputed), when it expires, who it acts as, and the session policy JSON (null: none).
 */
public record Session(String accessKeyId, String nonce, String tokenHash, Instant createDate, Instant expiration, Principal principal, String policy) {
    public boolean expired(Instant now) { return !now.isBefore(expiration); }
}
