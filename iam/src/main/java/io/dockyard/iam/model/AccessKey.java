package io.dockyard.iam.model;

import java.time.Instant;

/**
 * A long-term access key ({@code AKIA…}) of a user, or of the account root when {@code userName} is null. The secret is
 * never stored: it is recomputed from the master key, the key id and the random {@code nonce}. {@code lastUsed*} record
 * the last request signed with it (null: never).
 */
public record AccessKey(String accessKeyId, String userName, String status, Instant createDate, String nonce,
                        Instant lastUsedDate, String lastUsedService, String lastUsedRegion) {
    public static final String ACTIVE = "Active", INACTIVE = "Inactive";

    public boolean root() { return userName == null; }

    public boolean active() { return ACTIVE.equals(status); }

    public AccessKey withStatus(String s) { return new AccessKey(accessKeyId, userName, s, createDate, nonce, lastUsedDate, lastUsedService, lastUsedRegion); }

    public AccessKey withUser(String u) { return new AccessKey(accessKeyId, u, status, createDate, nonce, lastUsedDate, lastUsedService, lastUsedRegion); }

    public AccessKey usedAt(Instant when, String service, String region) {
        return new AccessKey(accessKeyId, userName, status, createDate, nonce, when, service, region);
    }
}
