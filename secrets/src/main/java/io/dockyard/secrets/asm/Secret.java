package io.dockyard.secrets.asm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A secret: its metadata and versions, each version's value held only as KMS ciphertext. {@code kmsKeyId} is what the
 * caller gave (null: the AWS managed key {@code aws/secretsmanager}); {@code deletionDate} is set while the secret is
 * scheduled for deletion.
 */
public record Secret(String name, String arn, String description, String kmsKeyId, Instant createdAt, Instant lastChangedAt, Instant lastAccessedAt,
                     Instant deletionDate, List<Version> versions, List<Map<String, String>> tags, String policy) {
    public static final String CURRENT = "AWSCURRENT", PREVIOUS = "AWSPREVIOUS", PENDING = "AWSPENDING";
    /** Versions without a stage kept beyond the staged ones, as Secrets Manager keeps about a hundred. */
    static final int MAX_VERSIONS = 100;

    /** One version: its id, stages, the value's ciphertext and whether it was given as SecretBinary. */
    public record Version(String id, List<String> stages, Instant createdAt, byte[] ciphertext, boolean binary, String kmsKeyArn, Instant lastAccessedAt,
                          String token) {
        public Version {
            stages = List.copyOf(stages);
        }

        Version withStages(List<String> s) { return new Version(id, s, createdAt, ciphertext, binary, kmsKeyArn, lastAccessedAt, token); }

        Version accessed(Instant day) { return new Version(id, stages, createdAt, ciphertext, binary, kmsKeyArn, day, token); }

        public boolean has(String stage) { return stages.contains(stage); }
    }

    public Secret {
        versions = versions == null ? List.of() : List.copyOf(versions);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean deleted() { return deletionDate != null; }

    public Version version(String id) { return versions.stream().filter(v -> v.id().equals(id)).findFirst().orElse(null); }

    public Version staged(String stage) { return versions.stream().filter(v -> v.has(stage)).findFirst().orElse(null); }

    Secret with(String description, String kmsKeyId, Instant changed) {
        return new Secret(name, arn, description, kmsKeyId, createdAt, changed, lastAccessedAt, deletionDate, versions, tags, policy);
    }

    Secret withVersions(List<Version> v, Instant changed) {
        return new Secret(name, arn, description, kmsKeyId, createdAt, changed, lastAccessedAt, deletionDate, v, tags, policy);
    }

    Secret withDeletion(Instant date, Instant changed) {
        return new Secret(name, arn, description, kmsKeyId, createdAt, changed, lastAccessedAt, date, versions, tags, policy);
    }

    Secret withTags(List<Map<String, String>> t, Instant changed) {
        return new Secret(name, arn, description, kmsKeyId, createdAt, changed, lastAccessedAt, deletionDate, versions, t, policy);
    }

    Secret withPolicy(String p, Instant changed) {
        return new Secret(name, arn, description, kmsKeyId, createdAt, changed, lastAccessedAt, deletionDate, versions, tags, p);
    }

    Secret accessed(Instant day, String versionId) {
        List<Version> v = new ArrayList<>();
        for (Version x : versions) v.add(x.id().equals(versionId) ? x.accessed(day) : x);
        return new Secret(name, arn, description, kmsKeyId, createdAt, lastChangedAt, day, deletionDate, v, tags, policy);
    }

    /**
     * Adds {@code added} with {@code stages}: each stage moves to it from the version that had it; AWSCURRENT moving makes
     * the version it left AWSPREVIOUS. Versions left with no stage beyond {@link #MAX_VERSIONS} go, oldest first.
     */
    Secret addVersion(Version added, Instant now) {
        List<Version> v = new ArrayList<>(versions);
        v.add(added.withStages(List.of()));
        Secret s = withVersions(v, now);
        for (String stage : added.stages()) s = s.moveStage(stage, added.id(), now);
        return s.trimmed(now);
    }

    /** Moves {@code stage} to version {@code to} (null: removes it), with the AWSCURRENT → AWSPREVIOUS rule. */
    Secret moveStage(String stage, String to, Instant now) {
        Version from = staged(stage);
        if (from != null && from.id().equals(to)) return this;
        List<Version> v = new ArrayList<>();
        for (Version x : versions) {
            List<String> st = new ArrayList<>(x.stages());
            st.remove(stage);
            if (CURRENT.equals(stage) && to != null) {
                if (from != null && x.id().equals(from.id())) {
                    if (!st.contains(PREVIOUS)) st.add(PREVIOUS);
                } else {
                    st.remove(PREVIOUS);
                }
            }
            if (x.id().equals(to)) {
                st.add(stage);
                if (CURRENT.equals(stage)) st.remove(PREVIOUS);
            }
            v.add(x.withStages(st));
        }
        return withVersions(v, now);
    }

    private Secret trimmed(Instant now) {
        long unstaged = versions.stream().filter(x -> x.stages().isEmpty()).count();
        if (versions.size() <= MAX_VERSIONS || unstaged == 0) return this;
        List<Version> v = new ArrayList<>(versions);
        for (var it = v.iterator(); it.hasNext() && v.size() > MAX_VERSIONS; ) if (it.next().stages().isEmpty()) it.remove();
        return withVersions(v, now);
    }
}
