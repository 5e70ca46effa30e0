package io.dockyard.iam.api;

import io.dockyard.iam.model.ManagedPolicy;
import io.dockyard.iam.model.PolicyHolder;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attach/Detach User|Group|RolePolicy, ListAttached User|Group|Role Policies and ListEntitiesForPolicy: managed policies
 * (AWS or customer managed) attached to entities, at most {@value EntityType#ATTACHED_QUOTA} per entity.
 */
final class AttachmentOperations {
    private final Directory dir;

    AttachmentOperations(Directory dir) { this.dir = dir; }

    List<NamedOperation> all() {
        List<NamedOperation> ops = new ArrayList<>();
        for (EntityType t : EntityType.values()) {
            ops.add(NamedOperation.of("Attach" + t.title + "Policy", (in, ctx) -> attach(t, in)));
            ops.add(NamedOperation.of("Detach" + t.title + "Policy", (in, ctx) -> detach(t, in)));
            ops.add(NamedOperation.of("ListAttached" + t.title + "Policies", (in, ctx) -> listAttached(t, in)));
        }
        ops.add(NamedOperation.of("ListEntitiesForPolicy", this::entities));
        return ops;
    }

    private Object attach(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        String name = in.name(t.member, t.maxName);
        String arn = in.required("PolicyArn");
        dir.store.atomically(() -> {
            PolicyHolder h = t.load(dir, name);
            dir.policy(arn);
            if (h.attachedPolicies().contains(arn)) return;
            if (h.attachedPolicies().size() >= EntityType.ATTACHED_QUOTA) throw IamErrors.quota("PoliciesPer" + t.title, EntityType.ATTACHED_QUOTA);
            List<String> arns = new ArrayList<>(h.attachedPolicies());
            arns.add(arn);
            t.save(dir, h.withAttachedPolicies(arns));
        });
        return Out.obj();
    }

    private Object detach(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        String name = in.name(t.member, t.maxName);
        String arn = in.required("PolicyArn");
        dir.store.atomically(() -> {
            PolicyHolder h = t.load(dir, name);
            if (!h.attachedPolicies().contains(arn)) throw IamErrors.noSuchEntity("Policy " + arn + " was not found.");
            t.save(dir, h.withAttachedPolicies(h.attachedPolicies().stream().filter(a -> !a.equals(arn)).toList()));
        });
        return Out.obj();
    }

    private Object listAttached(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        PolicyHolder h = t.load(dir, in);
        String prefix = in.str("PathPrefix") == null ? "/" : in.policyPath("PathPrefix");
        List<ManagedPolicy> policies = new ArrayList<>();
        for (String arn : h.attachedPolicies()) {
            Optional<ManagedPolicy> p = Optional.empty();
            try {
                p = Optional.of(dir.policy(arn));
            } catch (RuntimeException gone) {
                // not listed
            }
            p.filter(x -> x.path().startsWith(prefix)).ifPresent(policies::add);
        }
        return in.page(Out.obj(), "AttachedPolicies", policies, Shapes::attached);
    }

    private Object entities(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        ManagedPolicy p = dir.policy(in.required("PolicyArn"));
        String filter = in.oneOf("EntityFilter", List.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"), null);
        String usage = in.oneOf("PolicyUsageFilter", List.of("PermissionsPolicy", "PermissionsBoundary"), "PermissionsPolicy");
        String prefix = in.pathPrefix();
        boolean managedKindMatches = filter == null || filter.equals("User") || filter.equals("Role") || filter.equals("Group")
                || filter.equals("AWSManagedPolicy") == p.awsManaged();
        List<PolicyHolder> holders = dir.attachedTo(p.arn()).stream()
                .filter(h -> managedKindMatches && usage.equals("PermissionsPolicy"))
                .filter(h -> filter == null || !List.of("User", "Role", "Group").contains(filter) || EntityType.of(h).title.equals(filter))
                .filter(h -> h.path().startsWith(prefix))
                .toList();
        Pages<PolicyHolder> page = in.slice(holders);
        List<Out> groups = new ArrayList<>(), users = new ArrayList<>(), roles = new ArrayList<>();
        for (PolicyHolder h : page.items()) {
            switch (EntityType.of(h)) {
                case GROUP -> groups.add(Out.obj().with("GroupName", h.name()).with("GroupId", h.id()));
                case USER -> users.add(Out.obj().with("UserName", h.name()).with("UserId", h.id()));
                case ROLE -> roles.add(Out.obj().with("RoleName", h.name()).with("RoleId", h.id()));
            }
        }
        Out out = Out.obj().with("PolicyGroups", groups).with("PolicyUsers", users).with("PolicyRoles", roles);
        return IamInput.truncation(out, page);
    }
}
