package io.dockyard.iam.model;

import io.dockyard.core.port.Index;
import io.dockyard.core.port.Kind;

import java.util.Locale;

/**
 * The record kinds IAM and STS store. Users, groups and roles are keyed by their name in lower case (IAM names are unique
 * regardless of case), and so are login profiles; managed policies by ARN; access keys and sessions by key id.
 */
public final class IamKinds {
    private IamKinds() {}

    /** The index value of the account root's access keys (no user name contains {@code <}). */
    public static final String ROOT_KEYS = "<root>";

    public static final Kind<User> USER = Kind.of("iam.user", User.class, u -> key(u.name()));
    public static final Kind<Group> GROUP = Kind.of("iam.group", Group.class, g -> key(g.name()));
    public static final Kind<Role> ROLE = Kind.of("iam.role", Role.class, r -> key(r.name()));
    public static final Kind<ManagedPolicy> POLICY = Kind.of("iam.policy", ManagedPolicy.class, ManagedPolicy::arn);
    public static final Kind<AccessKey> ACCESS_KEY = Kind.of("iam.access-key", AccessKey.class, AccessKey::accessKeyId);
    public static final Kind<Session> SESSION = Kind.of("iam.session", Session.class, Session::accessKeyId);
    /** A user's console password, keyed like the user. */
    public static final Kind<LoginProfile> LOGIN_PROFILE = Kind.of("iam.login-profile", LoginProfile.class, p -> key(p.userName()));

    /** Access keys by owner: the user name in lower case, or {@link #ROOT_KEYS}. */
    public static final Index<AccessKey> KEYS_BY_USER = Index.of("iam.access-key.user", ACCESS_KEY, k -> k.root() ? ROOT_KEYS : key(k.userName()));

    /** The store key of an entity name. */
    public static String key(String name) { return name.toLowerCase(Locale.ROOT); }
}
