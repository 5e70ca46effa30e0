package io.dockyard.iam.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM user: {@code userId} is {@code AIDA} and 16 upper-case alphanumerics, {@code arn} is
 * {@code arn:aws:iam::<account>:user<path><name>}. Tags, inline policies and attached managed policies keep their order.
 */
public record User(String name, String path, String userId, String arn, Instant createDate, Map<String, String> tags,
                   Map<String, String> inlinePolicies, List<String> attachedPolicies) implements PolicyHolder {
    public User {
        tags = PolicyHolder.ordered(tags);
        inlinePolicies = PolicyHolder.ordered(inlinePolicies);
        attachedPolicies = PolicyHolder.list(attachedPolicies);
    }

    @Override
    public String id() { return userId; }

    public User withTags(Map<String, String> t) { return new User(name, path, userId, arn, createDate, t, inlinePolicies, attachedPolicies); }

    public User renamed(String newName, String newPath, String newArn) {
        return new User(newName, newPath, userId, newArn, createDate, tags, inlinePolicies, attachedPolicies);
    }

    @Override
    public User withInlinePolicies(Map<String, String> p) { return new User(name, path, userId, arn, createDate, tags, p, attachedPolicies); }

    @Override
    public User withAttachedPolicies(List<String> a) { return new User(name, path, userId, arn, createDate, tags, inlinePolicies, a); }
}
