package io.dockyard.iam.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A managed policy: a customer managed one ({@code arn:aws:iam::<account>:policy<path><name>}, stored) or an AWS managed
 * one ({@code arn:aws:iam::aws:policy/…}, built in and read-only). {@code policyId} is {@code ANPA…}; it has 1 to 5
 * versions ({@code v1}, {@code v2}, … never reused: {@code nextVersion} is the number the next one gets), one of them the default.
 */
public record ManagedPolicy(String arn, String name, String path, String policyId, String description, Instant createDate, Instant updateDate,
                            String defaultVersionId, int nextVersion, List<Version> versions, Map<String, String> tags) {
    /** The prefix of every AWS managed policy ARN. */
    public static final String AWS_PREFIX = "arn:aws:iam::aws:policy/";

    /** One version of a policy: its id ({@code v3}), the JSON document as the client sent it, and when it was made. */
    public record Version(String versionId, String document, Instant createDate) {}

    public ManagedPolicy {
        versions = versions == null ? List.of() : List.copyOf(versions);
        tags = PolicyHolder.ordered(tags);
    }

    public boolean awsManaged() { return arn.startsWith(AWS_PREFIX); }

    public Optional<Version> version(String id) { return versions.stream().filter(v -> v.versionId().equals(id)).findFirst(); }

    /** The default version's document. */
    public String document() { return version(defaultVersionId).map(Version::document).orElseThrow(); }

    /** This policy with a new version added (made the default when {@code makeDefault}). */
    public ManagedPolicy withVersion(String document, boolean makeDefault, Instant now) {
        List<Version> vs = new ArrayList<>(versions);
        String id = "v" + nextVersion;
        vs.add(new Version(id, document, now));
        return new ManagedPolicy(arn, name, path, policyId, description, createDate, now, makeDefault ? id : defaultVersionId, nextVersion + 1, vs, tags);
    }

    public ManagedPolicy withoutVersion(String id, Instant now) {
        List<Version> vs = versions.stream().filter(v -> !v.versionId().equals(id)).toList();
        return new ManagedPolicy(arn, name, path, policyId, description, createDate, now, defaultVersionId, nextVersion, vs, tags);
    }

    public ManagedPolicy withDefault(String id, Instant now) {
        return new ManagedPolicy(arn, name, path, policyId, description, createDate, now, id, nextVersion, versions, tags);
    }
}
