package io.dockyard.iam.api;

import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.Role;
import io.dockyard.iam.policy.PolicyDocument;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.List;
import java.util.Map;

/** CreateRole, GetRole, ListRoles, UpdateRole, UpdateAssumeRolePolicy, DeleteRole. */
final class RoleOperations {
    /** IAM's quota on a trust policy's size (non-whitespace characters). */
    static final int TRUST_POLICY_SIZE = 2048;
    static final int MIN_SESSION = 3600, MAX_SESSION = 43200;

    private final Directory dir;

    RoleOperations(Directory dir) { this.dir = dir; }

    List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateRole", this::create), NamedOperation.of("GetRole", this::get), NamedOperation.of("ListRoles", this::list),
                NamedOperation.of("UpdateRole", this::update), NamedOperation.of("UpdateAssumeRolePolicy", this::updateTrust),
                NamedOperation.of("DeleteRole", this::delete));
    }

    /** A trust policy, checked: its size, then its grammar as a trust policy. */
    static String trustPolicy(IamInput in, String member) {
        String doc = in.required(member);
        if (PolicyDocument.size(doc) > TRUST_POLICY_SIZE) throw IamErrors.quota("ACLSizePerRole", TRUST_POLICY_SIZE);
        PolicyDocument.parse(doc, PolicyDocument.Use.TRUST);
        return doc;
    }

    private static String description(IamInput in) {
        String d = in.str("Description");
        if (d != null && d.length() > 1000) throw IamErrors.constraint("Description", d, "must have length less than or equal to 1000");
        return d;
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String name = in.name("RoleName", 64);
        String path = in.path("Path");
        String trust = trustPolicy(in, "AssumeRolePolicyDocument");
        String description = description(in);
        Integer max = in.integer("MaxSessionDuration", MIN_SESSION, MAX_SESSION);
        Map<String, String> tags = in.tags("Tags");
        in.noPermissionsBoundary();
        Role r = dir.store.atomically(() -> {
            if (dir.findRole(name).isPresent()) throw IamErrors.exists("Role with name " + name + " already exists.");
            Role created = new Role(name, path, Directory.newId("AROA"), dir.arn("role", path, name), dir.now(), trust, description,
                    max == null ? MIN_SESSION : max, Map.of(), List.of(), tags, null, null);
            dir.store.put(IamKinds.ROLE, created);
            return created;
        });
        Out shape = Shapes.role(r, true);
        shape.remove("RoleLastUsed");
        return Out.obj().with("Role", shape);
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        return Out.obj().with("Role", Shapes.role(dir.role(new IamInput(input).name("RoleName", 64)), true));
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String prefix = in.pathPrefix();
        return in.page(Out.obj(), "Roles", dir.roles().stream().filter(r -> r.path().startsWith(prefix)).toList(), r -> Shapes.role(r, false));
    }

    private Object update(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String name = in.name("RoleName", 64);
        String description = description(in);
        Integer max = in.integer("MaxSessionDuration", MIN_SESSION, MAX_SESSION);
        dir.store.atomically(() -> {
            Role r = dir.role(name);
            dir.store.put(IamKinds.ROLE, r.withSettings(description == null ? r.description() : description, max == null ? r.maxSessionDuration() : max));
        });
        return Out.obj();
    }

    private Object updateTrust(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String name = in.name("RoleName", 64);
        String trust = trustPolicy(in, "PolicyDocument");
        dir.store.atomically(() -> {
            Role r = dir.role(name);
            dir.store.put(IamKinds.ROLE, r.withTrust(trust));
        });
        return Out.obj();
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String name = new IamInput(input).name("RoleName", 64);
        dir.store.atomically(() -> {
            Role r = dir.role(name);
            if (!r.inlinePolicies().isEmpty()) throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
            if (!r.attachedPolicies().isEmpty()) throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
            dir.store.delete(IamKinds.ROLE, IamKinds.key(r.name()));
        });
        return Out.obj();
    }
}
