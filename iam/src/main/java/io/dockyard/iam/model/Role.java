package io.dockyard.iam.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM role: {@code roleId} is {@code AROA…}, {@code arn} {@code arn:aws:iam::<account>:role<path><name>}; the trust
 * policy ({@code assumeRolePolicyDocument}) is kept as the JSON the client sent. {@code maxSessionDuration} is in seconds
 * (3600–43200); {@code lastUsedDate}/{@code lastUsedRegion} record the last AssumeRole (null: never).
 */
public record Role(String name, String path, String roleId, String arn, Instant createDate, String assumeRolePolicyDocument, String description,
                   int maxSessionDuration, Map<String, String> inlinePolicies, List<String> attachedPolicies, Map<String, String> tags,
                   Instant lastUsedDate, String lastUsedRegion) implements PolicyHolder {
    public Role {
        inlinePolicies = PolicyHolder.ordered(inlinePolicies);
        attachedPolicies = PolicyHolder.list(attachedPolicies);
        tags = PolicyHolder.ordered(tags);
    }

    @Override
    public String id() { return roleId; }

    public Role withTrust(String doc) {
        return new Role(name, path, roleId, arn, createDate, doc, description, maxSessionDuration, inlinePolicies, attachedPolicies, tags, lastUsedDate, lastUsedRegion);
    }

    public Role withSettings(String desc, int maxSession) {
        return new Role(name, path, roleId, arn, createDate, assumeRolePolicyDocument, desc, maxSession, inlinePolicies, attachedPolicies, tags, lastUsedDate, lastUsedRegion);
    }

    public Role withTags(Map<String, String> t) {
        return new Role(name, path, roleId, arn, createDate, assumeRolePolicyDocument, description, maxSessionDuration, inlinePolicies, attachedPolicies, t, lastUsedDate, lastUsedRegion);
    }

    public Role usedAt(Instant when, String region) {
        return new Role(name, path, roleId, arn, createDate, assumeRolePolicyDocument, description, maxSessionDuration, inlinePolicies, attachedPolicies, tags, when, region);
    }

    @Override
    public Role withInlinePolicies(Map<String, String> p) {
        return new Role(name, path, roleId, arn, createDate, assumeRolePolicyDocument, description, maxSessionDuration, p, attachedPolicies, tags, lastUsedDate, lastUsedRegion);
    }

    @Override
    public Role withAttachedPolicies(List<String> a) {
        return new Role(name, path, roleId, arn, createDate, assumeRolePolicyDocument, description, maxSessionDuration, inlinePolicies, a, tags, lastUsedDate, lastUsedRegion);
    }
}
