package io.dockyard.iam.api;

import io.dockyard.iam.model.Group;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.User;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CreateGroup, GetGroup, ListGroups, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser. */
final class GroupOperations {
    /** IAM's quota of groups a user may be in. */
    static final int GROUPS_PER_USER = 10;

    private final Directory dir;

    GroupOperations(Directory dir) { this.dir = dir; }

    List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateGroup", this::create), NamedOperation.of("GetGroup", this::get), NamedOperation.of("ListGroups", this::list),
                NamedOperation.of("DeleteGroup", this::delete), NamedOperation.of("AddUserToGroup", this::addUser),
                NamedOperation.of("RemoveUserFromGroup", this::removeUser), NamedOperation.of("ListGroupsForUser", this::listForUser));
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String name = in.name("GroupName", 128);
        String path = in.path("Path");
        Group g = dir.store.atomically(() -> {
            if (dir.findGroup(name).isPresent()) throw IamErrors.exists("Group with name " + name + " already exists.");
            Group created = new Group(name, path, Directory.newId("AGPA"), dir.arn("group", path, name), dir.now(), List.of(), Map.of(), List.of());
            dir.store.put(IamKinds.GROUP, created);
            return created;
        });
        return Out.obj().with("Group", Shapes.group(g));
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        Group g = dir.group(in.name("GroupName", 128));
        List<User> users = g.members().stream().map(dir::findUser).flatMap(Optional::stream).toList();
        return in.page(Out.obj().with("Group", Shapes.group(g)), "Users", users, u -> Shapes.user(u, false));
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String prefix = in.pathPrefix();
        return in.page(Out.obj(), "Groups", dir.groups().stream().filter(g -> g.path().startsWith(prefix)).toList(), Shapes::group);
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String name = new IamInput(input).name("GroupName", 128);
        dir.store.atomically(() -> {
            Group g = dir.group(name);
            if (!g.members().isEmpty()) throw IamErrors.deleteConflict("Cannot delete entity, must remove users from group first.");
            if (!g.inlinePolicies().isEmpty()) throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
            if (!g.attachedPolicies().isEmpty()) throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
            dir.store.delete(IamKinds.GROUP, IamKinds.key(g.name()));
        });
        return Out.obj();
    }

    private Object addUser(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String groupName = in.name("GroupName", 128);
        String userName = in.name("UserName", 128);
        dir.store.atomically(() -> {
            Group g = dir.group(groupName);
            User u = dir.user(userName);
            if (g.hasMember(u.name())) return;
            if (dir.groupsOf(u.name()).size() >= GROUPS_PER_USER) throw IamErrors.quota("GroupsPerUser", GROUPS_PER_USER);
            List<String> members = new ArrayList<>(g.members());
            members.add(u.name());
            dir.store.put(IamKinds.GROUP, g.withMembers(members));
        });
        return Out.obj();
    }

    private Object removeUser(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String groupName = in.name("GroupName", 128);
        String userName = in.name("UserName", 128);
        dir.store.atomically(() -> {
            Group g = dir.group(groupName);
            User u = dir.user(userName);
            if (!g.hasMember(u.name())) throw IamErrors.noSuch("user", userName);
            dir.store.put(IamKinds.GROUP, g.withMembers(g.members().stream().filter(m -> !m.equalsIgnoreCase(u.name())).toList()));
        });
        return Out.obj();
    }

    private Object listForUser(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        User u = dir.user(in.name("UserName", 128));
        return in.page(Out.obj(), "Groups", dir.groupsOf(u.name()), Shapes::group);
    }
}
