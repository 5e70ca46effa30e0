package io.dockyard.secrets.kms;

import java.time.Instant;
import java.util.Map;

/**
 * A KMS key: symmetric (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT), its 256-bit material wrapped by the master key.
 * {@code manager} is CUSTOMER, or AWS for the keys services create for themselves ({@code aws/secretsmanager}).
 */
public record KmsKey(String keyId, String arn, String description, String manager, String state, Instant createdAt, Instant deletionDate,
                     byte[] wrappedMaterial, Map<String, String> tags) {
    public static final String ENABLED = "Enabled", DISABLED = "Disabled", PENDING_DELETION = "PendingDeletion";

    public KmsKey {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public KmsKey withState(String s, Instant deletion) {
        return new KmsKey(keyId, arn, description, manager, s, createdAt, deletion, wrappedMaterial, tags);
    }

    public KmsKey withTags(Map<String, String> t) {
        return new KmsKey(keyId, arn, description, manager, state, createdAt, deletionDate, wrappedMaterial, t);
    }

    public KmsKey withDescription(String d) {
        return new KmsKey(keyId, arn, d, manager, state, createdAt, deletionDate, wrappedMaterial, tags);
    }

    public boolean awsManaged() { return "AWS".equals(manager); }
}
