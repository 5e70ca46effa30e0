package io.dockyard.iam.api;

import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.ManagedPolicy;
import io.dockyard.iam.policy.PolicyDocument;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Managed policies and their versions: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, CreatePolicyVersion,
 * GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion. AWS managed policies are listed and
 * read like the others but cannot be changed (InvalidInput).
 */
final class PolicyOperations {
    /** IAM's quotas: a managed policy's size (non-whitespace characters) and its number of versions. */
    static final int POLICY_SIZE = 6144, MAX_VERSIONS = 5;

    private final Directory dir;

    PolicyOperations(Directory dir) { this.dir = dir; }

    List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreatePolicy", this::create), NamedOperation.of("GetPolicy", this::get),
                NamedOperation.of("ListPolicies", this::list), NamedOperation.of("DeletePolicy", this::delete),
                NamedOperation.of("CreatePolicyVersion", this::createVersion), NamedOperation.of("GetPolicyVersion", this::getVersion),
                NamedOperation.of("ListPolicyVersions", this::listVersions), NamedOperation.of("DeletePolicyVersion", this::deleteVersion),
                NamedOperation.of("SetDefaultPolicyVersion", this::setDefault));
    }

    /** A managed policy document, checked: its size, then its grammar as an identity policy. */
    static String document(IamInput in) {
        String doc = in.required("PolicyDocument");
        if (PolicyDocument.size(doc) > POLICY_SIZE) throw IamErrors.quota("PolicySize", POLICY_SIZE);
        PolicyDocument.parse(doc, PolicyDocument.Use.IDENTITY);
        return doc;
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String name = in.name("PolicyName", 128);
        String path = in.policyPath("Path");
        String doc = document(in);
        String description = in.str("Description");
        if (description != null && description.length() > 1000) throw IamErrors.constraint("Description", description, "must have length less than or equal to 1000");
        Map<String, String> tags = in.tags("Tags");
        ManagedPolicy p = dir.store.atomically(() -> {
            if (dir.store.list(IamKinds.POLICY).stream().anyMatch(x -> x.name().equalsIgnoreCase(name))) {
                throw IamErrors.exists("A policy called " + name + " already exists. Duplicate names are not allowed.");
            }
            var now = dir.now();
            ManagedPolicy created = new ManagedPolicy(dir.arn("policy", path, name), name, path, Directory.newId("ANPA"), description, now, now,
                    "v1", 2, List.of(new ManagedPolicy.Version("v1", doc, now)), tags);
            dir.store.put(IamKinds.POLICY, created);
            return created;
        });
        return Out.obj().with("Policy", Shapes.policy(p, 0, true));
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        ManagedPolicy p = dir.policy(new IamInput(input).required("PolicyArn"));
        return Out.obj().with("Policy", Shapes.policy(p, dir.attachedTo(p.arn()).size(), true));
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String scope = in.oneOf("Scope", List.of("All", "AWS", "Local"), "All");
        boolean onlyAttached = Boolean.TRUE.equals(in.bool("OnlyAttached"));
        String usage = in.oneOf("PolicyUsageFilter", List.of("PermissionsPolicy", "PermissionsBoundary"), "PermissionsPolicy");
        String prefix = in.str("PathPrefix") == null ? "/" : in.policyPath("PathPrefix");
        Map<String, Integer> counts = dir.attachmentCounts();
        List<ManagedPolicy> policies = dir.policies().stream()
                .filter(p -> scope.equals("All") || p.awsManaged() == scope.equals("AWS"))
                .filter(p -> p.path().startsWith(prefix))
                .filter(p -> !onlyAttached || counts.getOrDefault(p.arn(), 0) > 0)
                .filter(p -> usage.equals("PermissionsPolicy"))
                .toList();
        return in.page(Out.obj(), "Policies", policies, p -> Shapes.policy(p, counts.getOrDefault(p.arn(), 0), false));
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        String arn = new IamInput(input).required("PolicyArn");
        dir.store.atomically(() -> {
            ManagedPolicy p = dir.localPolicy(arn);
            if (!dir.attachedTo(arn).isEmpty()) throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
            if (p.versions().size() > 1) {
                throw IamErrors.deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. "
                        + "The default version is deleted with the policy.");
            }
            dir.store.delete(IamKinds.POLICY, arn);
        });
        return Out.obj();
    }

    private Object createVersion(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String arn = in.required("PolicyArn");
        String doc = document(in);
        boolean makeDefault = Boolean.TRUE.equals(in.bool("SetAsDefault"));
        ManagedPolicy changed = dir.store.atomically(() -> {
            ManagedPolicy p = dir.localPolicy(arn);
            if (p.versions().size() >= MAX_VERSIONS) {
                throw IamErrors.limit("A managed policy can have up to " + MAX_VERSIONS + " versions. Before you create a new version, you must delete an existing version.");
            }
            ManagedPolicy next = p.withVersion(doc, makeDefault, dir.now());
            dir.store.put(IamKinds.POLICY, next);
            return next;
        });
        ManagedPolicy.Version v = changed.versions().get(changed.versions().size() - 1);
        return Out.obj().with("PolicyVersion", Shapes.version(changed, v, false));
    }

    private static ManagedPolicy.Version version(ManagedPolicy p, String id) {
        return p.version(id).orElseThrow(() -> IamErrors.noSuchEntity("Policy " + p.arn() + " version " + id + " does not exist or is not attachable."));
    }

    private Object getVersion(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        ManagedPolicy p = dir.policy(in.required("PolicyArn"));
        return Out.obj().with("PolicyVersion", Shapes.version(p, version(p, in.versionId("VersionId")), true));
    }

    private Object listVersions(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        ManagedPolicy p = dir.policy(in.required("PolicyArn"));
        List<ManagedPolicy.Version> newestFirst = new ArrayList<>(p.versions());
        newestFirst.sort(Comparator.comparingInt((ManagedPolicy.Version v) -> Integer.parseInt(v.versionId().substring(1))).reversed());
        return in.page(Out.obj(), "Versions", newestFirst, v -> Shapes.version(p, v, false));
    }

    private Object deleteVersion(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String arn = in.required("PolicyArn");
        String id = in.versionId("VersionId");
        dir.store.atomically(() -> {
            ManagedPolicy p = dir.localPolicy(arn);
            version(p, id);
            if (id.equals(p.defaultVersionId())) throw IamErrors.deleteConflict("Cannot delete the default version of a policy.");
            dir.store.put(IamKinds.POLICY, p.withoutVersion(id, dir.now()));
        });
        return Out.obj();
    }

    private Object setDefault(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String arn = in.required("PolicyArn");
        String id = in.versionId("VersionId");
        dir.store.atomically(() -> {
            ManagedPolicy p = dir.localPolicy(arn);
            version(p, id);
            if (!id.equals(p.defaultVersionId())) dir.store.put(IamKinds.POLICY, p.withDefault(id, dir.now()));
        });
        return Out.obj();
    }
}
