package io.dockyard.iam.api;

import io.dockyard.core.port.Kind;
import io.dockyard.iam.model.Group;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.PolicyHolder;
import io.dockyard.iam.model.Role;
import io.dockyard.iam.model.User;

/**
 * The three kinds of identity policies attach to, with what differs between them: the request member that names one,
 * its longest name, IAM's quota on the aggregate size of its inline policies and its name in messages and actions.
 */
enum EntityType {
    USER("User", "UserName", 128, 2048),
    GROUP("Group", "GroupName", 128, 5120),
    ROLE("Role", "RoleName", 64, 10240);

    /** IAM's quota of managed policies attached to one entity. */
    static final int ATTACHED_QUOTA = 10;

    final String title;
    final String member;
    final int maxName;
    final int inlineQuota;

    EntityType(String title, String member, int maxName, int inlineQuota) {
        this.title = title;
        this.member = member;
        this.maxName = maxName;
        this.inlineQuota = inlineQuota;
    }

    /** "user", "group", "role" as messages spell them. */
    String noun() { return title.toLowerCase(java.util.Locale.ROOT); }

    /** The entity the request names (NoSuchEntity when there is none). */
    PolicyHolder load(Directory dir, IamInput in) { return load(dir, in.name(member, maxName)); }

    PolicyHolder load(Directory dir, String name) {
        return switch (this) {
            case USER -> dir.user(name);
            case GROUP -> dir.group(name);
            case ROLE -> dir.role(name);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void save(Directory dir, PolicyHolder h) {
        Kind kind = switch (this) {
            case USER -> IamKinds.USER;
            case GROUP -> IamKinds.GROUP;
            case ROLE -> IamKinds.ROLE;
        };
        dir.store.put(kind, h);
    }

    static EntityType of(PolicyHolder h) {
        if (h instanceof User) return USER;
        if (h instanceof Group) return GROUP;
        if (h instanceof Role) return ROLE;
        throw new IllegalArgumentException(String.valueOf(h));
    }
}
