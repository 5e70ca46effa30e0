package io.dockyard.iam.api;

import io.dockyard.core.AwsException;
import io.dockyard.iam.model.PolicyHolder;
import io.dockyard.iam.policy.PolicyDocument;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Put/Get/List/Delete User|Group|RolePolicy: the inline policies of an entity. The aggregate size of an entity's inline
 * policies is capped as IAM caps it (user 2048, group 5120, role 10240 non-whitespace characters); documents are checked
 * as identity policies and answered URL-encoded.
 */
final class InlinePolicies {
    private final Directory dir;

    InlinePolicies(Directory dir) { this.dir = dir; }

    List<NamedOperation> all() {
        List<NamedOperation> ops = new ArrayList<>();
        for (EntityType t : EntityType.values()) {
            ops.add(NamedOperation.of("Put" + t.title + "Policy", (in, ctx) -> put(t, in)));
            ops.add(NamedOperation.of("Get" + t.title + "Policy", (in, ctx) -> get(t, in)));
            ops.add(NamedOperation.of("List" + t.title + "Policies", (in, ctx) -> list(t, in)));
            ops.add(NamedOperation.of("Delete" + t.title + "Policy", (in, ctx) -> delete(t, in)));
        }
        return ops;
    }

    private static AwsException missing(EntityType t, String policy) {
        return IamErrors.noSuchEntity("The " + t.noun() + " policy with name " + policy + " cannot be found.");
    }

    private Object put(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        String entity = in.name(t.member, t.maxName);
        String policy = in.name("PolicyName", 128);
        String doc = in.required("PolicyDocument");
        PolicyDocument.parse(doc, PolicyDocument.Use.IDENTITY);
        dir.store.atomically(() -> {
            PolicyHolder h = t.load(dir, entity);
            Map<String, String> policies = new LinkedHashMap<>(h.inlinePolicies());
            policies.put(policy, doc);
            int total = policies.values().stream().mapToInt(PolicyDocument::size).sum();
            if (total > t.inlineQuota) throw IamErrors.quota("PolicySize", t.inlineQuota);
            t.save(dir, h.withInlinePolicies(policies));
        });
        return Out.obj();
    }

    private Object get(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        PolicyHolder h = t.load(dir, in);
        String policy = in.name("PolicyName", 128);
        String doc = h.inlinePolicies().get(policy);
        if (doc == null) throw missing(t, policy);
        return Out.obj().with(t.member, h.name()).with("PolicyName", policy).with("PolicyDocument", Shapes.urlEncode(doc));
    }

    private Object list(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        PolicyHolder h = t.load(dir, in);
        List<String> names = new ArrayList<>(h.inlinePolicies().keySet());
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return in.page(Out.obj(), "PolicyNames", names, n -> n);
    }

    private Object delete(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        String entity = in.name(t.member, t.maxName);
        String policy = in.name("PolicyName", 128);
        dir.store.atomically(() -> {
            PolicyHolder h = t.load(dir, entity);
            if (!h.inlinePolicies().containsKey(policy)) throw missing(t, policy);
            Map<String, String> policies = new LinkedHashMap<>(h.inlinePolicies());
            policies.remove(policy);
            t.save(dir, h.withInlinePolicies(policies));
        });
        return Out.obj();
    }
}
