package io.dockyard.iam.api;

import io.dockyard.iam.model.AccessKey;
import io.dockyard.iam.model.Group;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.Principal;
import io.dockyard.iam.model.User;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser. */
final class UserOperations {
    private final Directory dir;
    private final Credentials credentials;

    UserOperations(Directory dir, Credentials credentials) {
        this.dir = dir;
        this.credentials = credentials;
    }

    List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateUser", this::create), NamedOperation.of("GetUser", this::get), NamedOperation.of("ListUsers", this::list),
                NamedOperation.of("UpdateUser", this::update), NamedOperation.of("DeleteUser", this::delete));
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String name = in.name("UserName", 64);
        String path = in.path("Path");
        Map<String, String> tags = in.tags("Tags");
        in.noPermissionsBoundary();
        User u = dir.store.atomically(() -> {
            if (dir.findUser(name).isPresent()) throw IamErrors.exists("User with name " + name + " already exists.");
            User created = new User(name, path, Directory.newId("AIDA"), dir.arn("user", path, name), dir.now(), tags, Map.of(), List.of());
            dir.store.put(IamKinds.USER, created);
            return created;
        });
        return Out.obj().with("User", Shapes.user(u, true));
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String name = in.optionalName("UserName", 128);
        if (name != null) return Out.obj().with("User", Shapes.user(dir.user(name), true));
        Principal caller = credentials.principal(ctx.accessKeyId());
        return switch (caller.type()) {
            case USER -> Out.obj().with("User", Shapes.user(dir.user(caller.name()), true));
            case ROOT -> {
                Instant created = dir.keysOf(null).stream().map(AccessKey::createDate).min(Instant::compareTo).orElse(dir.now());
                yield Out.obj().with("User", Out.obj().with("UserId", caller.userId()).with("Arn", caller.arn()).with("CreateDate", created));
            }
            default -> throw IamErrors.validation("Must specify userName when calling with non-User credentials");
        };
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String prefix = in.pathPrefix();
        List<User> users = dir.users().stream().filter(u -> u.path().startsWith(prefix)).toList();
        return in.page(Out.obj(), "Users", users, u -> Shapes.user(u, false));
    }

    private Object update(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String name = in.name("UserName", 128);
        String newName = in.optionalName("NewUserName", 64);
        String newPath = input.get("NewPath") == null ? null : in.path("NewPath");
        dir.store.atomically(() -> {
            User u = dir.user(name);
            String finalName = newName == null ? u.name() : newName;
            String finalPath = newPath == null ? u.path() : newPath;
            boolean renamed = !IamKinds.key(finalName).equals(IamKinds.key(u.name()));
            if (renamed && dir.findUser(finalName).isPresent()) throw IamErrors.exists("User with name " + finalName + " already exists.");
            User changed = u.renamed(finalName, finalPath, dir.arn("user", finalPath, finalName));
            if (renamed) dir.store.delete(IamKinds.USER, IamKinds.key(u.name()));
            dir.store.put(IamKinds.USER, changed);
            for (AccessKey k : dir.keysOf(u.name())) dir.store.put(IamKinds.ACCESS_KEY, k.withUser(finalName));
            dir.store.get(IamKinds.LOGIN_PROFILE, IamKinds.key(u.name())).ifPresent(p -> {
                if (renamed) dir.store.delete(IamKinds.LOGIN_PROFILE, IamKinds.key(u.name()));
                dir.store.put(IamKinds.LOGIN_PROFILE, p.withUser(finalName));
            });
            for (Group g : dir.groupsOf(u.name())) {
                List<String> members = new ArrayList<>();
                for (String m : g.members()) members.add(m.equalsIgnoreCase(u.name()) ? finalName : m);
                dir.store.put(IamKinds.GROUP, g.withMembers(members));
            }
        });
        return Out.obj();
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String name = new IamInput(input).name("UserName", 128);
        dir.store.atomically(() -> {
            User u = dir.user(name);
            if (dir.store.get(IamKinds.LOGIN_PROFILE, IamKinds.key(u.name())).isPresent()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must delete login profile first.");
            }
            if (!dir.keysOf(u.name()).isEmpty()) throw IamErrors.deleteConflict("Cannot delete entity, must delete access keys first.");
            if (!u.inlinePolicies().isEmpty()) throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
            if (!u.attachedPolicies().isEmpty()) throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
            if (!dir.groupsOf(u.name()).isEmpty()) throw IamErrors.deleteConflict("Cannot delete entity, must remove user from all groups first.");
            dir.store.delete(IamKinds.USER, IamKinds.key(u.name()));
        });
        return Out.obj();
    }
}
