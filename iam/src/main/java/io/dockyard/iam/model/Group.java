package io.dockyard.iam.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An IAM group: {@code groupId} is {@code AGPA…}, {@code arn} {@code arn:aws:iam::<account>:group<path><name>};
 * {@code members} are the names of its users, in the order they were added.
 */
public record Group(String name, String path, String groupId, String arn, Instant createDate, List<String> members,
                    Map<String, String> inlinePolicies, List<String> attachedPolicies) implements PolicyHolder {
    public Group {
        members = PolicyHolder.list(members);
        inlinePolicies = PolicyHolder.ordered(inlinePolicies);
        attachedPolicies = PolicyHolder.list(attachedPolicies);
    }

    @Override
    public String id() { return groupId; }

    /** Whether the user is a member (names compare case-insensitively, as IAM's do). */
    public boolean hasMember(String userName) { return members.stream().anyMatch(m -> m.equalsIgnoreCase(userName)); }

    public Group withMembers(List<String> m) { return new Group(name, path, groupId, arn, createDate, m, inlinePolicies, attachedPolicies); }

    @Override
    public Group withInlinePolicies(Map<String, String> p) { return new Group(name, path, groupId, arn, createDate, members, p, attachedPolicies); }

    @Override
    public Group withAttachedPolicies(List<String> a) { return new Group(name, path, groupId, arn, createDate, members, inlinePolicies, a); }
}
