package io.dockyard.iam.api;

import io.dockyard.core.crypto.MasterKey;
import io.dockyard.core.port.Store;
import io.dockyard.iam.model.AccessKey;
import io.dockyard.iam.model.Group;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.ManagedPolicy;
import io.dockyard.iam.model.PolicyHolder;
import io.dockyard.iam.model.Role;
import io.dockyard.iam.model.User;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * IAM's state in the store and the lookups every operation shares: users, groups, roles and managed policies by name or
 * ARN (failing with IAM's {@code NoSuchEntity}), the AWS managed policies beside the stored ones, new ids and ARNs.
 */
public final class Directory {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    final Store store;
    final MasterKey master;
    final Clock clock;
    final String account;

    public Directory(Store store, MasterKey master, Clock clock, String account) {
        this.store = store;
        this.master = master;
        this.clock = clock;
        this.account = account;
    }

    public Store store() { return store; }

    public String account() { return account; }

    Instant now() { return clock.instant(); }

    /** A fresh id: the prefix ({@code AIDA}, {@code AKIA}, …) and 16 random upper-case alphanumerics. */
    static String newId(String prefix) {
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < 16; i++) b.append(ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)]);
        return b.toString();
    }

    String arn(String type, String path, String name) { return "arn:aws:iam::" + account + ":" + type + path + name; }

    // ---- users, groups, roles

    Optional<User> findUser(String name) { return store.get(IamKinds.USER, IamKinds.key(name)); }

    User user(String name) { return findUser(name).orElseThrow(() -> IamErrors.noSuch("user", name)); }

    Optional<Group> findGroup(String name) { return store.get(IamKinds.GROUP, IamKinds.key(name)); }

    Group group(String name) { return findGroup(name).orElseThrow(() -> IamErrors.noSuch("group", name)); }

    public Optional<Role> findRole(String name) { return store.get(IamKinds.ROLE, IamKinds.key(name)); }

    Role role(String name) { return findRole(name).orElseThrow(() -> IamErrors.noSuch("role", name)); }

    static <T extends PolicyHolder> List<T> byName(List<T> all) {
        List<T> out = new ArrayList<>(all);
        out.sort(Comparator.comparing(h -> IamKinds.key(h.name())));
        return out;
    }

    List<User> users() { return byName(store.list(IamKinds.USER)); }

    List<Group> groups() { return byName(store.list(IamKinds.GROUP)); }

    List<Role> roles() { return byName(store.list(IamKinds.ROLE)); }

    /** The groups the user is a member of. */
    List<Group> groupsOf(String userName) { return groups().stream().filter(g -> g.hasMember(userName)).toList(); }

    /** The access keys of a user, or of the account root (null), oldest first. */
    List<AccessKey> keysOf(String userName) {
        return store.list(IamKinds.KEYS_BY_USER, userName == null ? IamKinds.ROOT_KEYS : IamKinds.key(userName));
    }

    // ---- managed policies

    /** The managed policy an ARN names (AWS managed or stored); NoSuchEntity otherwise, InvalidInput for what is no policy ARN. */
    ManagedPolicy policy(String arn) {
        if (arn == null || !arn.startsWith("arn:aws:iam::") || !arn.contains(":policy/")) throw IamErrors.invalidInput("ARN " + arn + " is not valid.");
        Optional<ManagedPolicy> p = arn.startsWith(ManagedPolicy.AWS_PREFIX) ? ManagedPolicies.get(arn) : store.get(IamKinds.POLICY, arn);
        return p.orElseThrow(() -> IamErrors.noSuchPolicy(arn));
    }

    /** A customer managed policy, for a change; InvalidInput for an AWS managed one. */
    ManagedPolicy localPolicy(String arn) {
        ManagedPolicy p = policy(arn);
        if (p.awsManaged()) throw IamErrors.awsManaged(arn);
        return p;
    }

    /** Every managed policy: the AWS managed ones, then the customer managed ones, each by name. */
    List<ManagedPolicy> policies() {
        List<ManagedPolicy> out = new ArrayList<>(ManagedPolicies.all());
        List<ManagedPolicy> local = new ArrayList<>(store.list(IamKinds.POLICY));
        local.sort(Comparator.comparing(p -> IamKinds.key(p.name())));
        out.addAll(local);
        return out;
    }

    /** How many users, groups and roles each managed policy is attached to (ARN → count; absent: none). */
    java.util.Map<String, Integer> attachmentCounts() {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        List<PolicyHolder> all = new ArrayList<>(store.list(IamKinds.USER));
        all.addAll(store.list(IamKinds.GROUP));
        all.addAll(store.list(IamKinds.ROLE));
        for (PolicyHolder h : all) for (String arn : h.attachedPolicies()) out.merge(arn, 1, Integer::sum);
        return out;
    }

    /** Every user, group and role a managed policy is attached to. */
    List<PolicyHolder> attachedTo(String arn) {
        List<PolicyHolder> out = new ArrayList<>();
        for (User u : users()) if (u.attachedPolicies().contains(arn)) out.add(u);
        for (Group g : groups()) if (g.attachedPolicies().contains(arn)) out.add(g);
        for (Role r : roles()) if (r.attachedPolicies().contains(arn)) out.add(r);
        return out;
    }
}
