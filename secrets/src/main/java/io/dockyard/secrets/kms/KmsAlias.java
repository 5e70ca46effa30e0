package io.dockyard.secrets.kms;

import java.time.Instant;

/** An alias ({@code alias/name}) naming a key. */
public record KmsAlias(String name, String arn, String targetKeyId, Instant createdAt, Instant updatedAt) {
    public KmsAlias retarget(String keyId, Instant now) { return new KmsAlias(name, arn, keyId, createdAt, now); }
}
