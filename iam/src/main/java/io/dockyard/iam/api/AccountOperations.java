package io.dockyard.iam.api;

import io.dockyard.iam.model.Group;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.ManagedPolicy;
import io.dockyard.iam.model.PolicyHolder;
import io.dockyard.iam.model.Principal;
import io.dockyard.iam.model.Role;
import io.dockyard.iam.model.User;
import io.dockyard.iam.policy.Evaluator;
import io.dockyard.iam.policy.PolicyDocument;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.XmlMap;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GetAccountSummary (the account's counts and IAM's quotas) and SimulatePrincipalPolicy (the policies of a user — with its
 * groups' —, group or role evaluated for actions on resources, with the statements that decided each).
 */
final class AccountOperations {
    private final Directory dir;
    private final Credentials credentials;

    AccountOperations(Directory dir, Credentials credentials) {
        this.dir = dir;
        this.credentials = credentials;
    }

    List<NamedOperation> all() {
        return List.of(NamedOperation.of("GetAccountSummary", this::summary), NamedOperation.of("SimulatePrincipalPolicy", this::simulate));
    }

    private Object summary(Map<String, Object> input, RequestContext ctx) {
        List<User> users = dir.store.list(IamKinds.USER);
        List<Group> groups = dir.store.list(IamKinds.GROUP);
        List<Role> roles = dir.store.list(IamKinds.ROLE);
        List<ManagedPolicy> local = dir.store.list(IamKinds.POLICY);
        int attachments = dir.attachmentCounts().values().stream().mapToInt(Integer::intValue).sum();
        XmlMap m = new XmlMap();
        m.put("Users", users.size());
        m.put("UsersQuota", 5000);
        m.put("Groups", groups.size());
        m.put("GroupsQuota", 300);
        m.put("Roles", roles.size());
        m.put("RolesQuota", 1000);
        m.put("Policies", local.size());
        m.put("PoliciesQuota", 1500);
        m.put("PolicyVersionsInUse", attachments);
        m.put("PolicyVersionsInUseQuota", 10000);
        m.put("VersionsPerPolicyQuota", PolicyOperations.MAX_VERSIONS);
        m.put("PolicySizeQuota", PolicyOperations.POLICY_SIZE);
        m.put("UserPolicySizeQuota", EntityType.USER.inlineQuota);
        m.put("GroupPolicySizeQuota", EntityType.GROUP.inlineQuota);
        m.put("RolePolicySizeQuota", EntityType.ROLE.inlineQuota);
        m.put("AssumeRolePolicySizeQuota", RoleOperations.TRUST_POLICY_SIZE);
        m.put("GroupsPerUserQuota", GroupOperations.GROUPS_PER_USER);
        m.put("AttachedPoliciesPerUserQuota", EntityType.ATTACHED_QUOTA);
        m.put("AttachedPoliciesPerGroupQuota", EntityType.ATTACHED_QUOTA);
        m.put("AttachedPoliciesPerRoleQuota", EntityType.ATTACHED_QUOTA);
        m.put("AccessKeysPerUserQuota", KeyOperations.KEYS_PER_USER);
        m.put("AccountAccessKeysPresent", dir.keysOf(null).isEmpty() ? 0 : 1);
        m.put("AccountMFAEnabled", 0);
        m.put("AccountPasswordPresent", 0);
        m.put("AccountSigningCertificatesPresent", 0);
        m.put("SigningCertificatesPerUserQuota", 2);
        m.put("MFADevices", 0);
        m.put("MFADevicesInUse", 0);
        m.put("ServerCertificates", 0);
        m.put("ServerCertificatesQuota", 20);
        m.put("InstanceProfiles", 0);
        m.put("InstanceProfilesQuota", 1000);
        m.put("Providers", 0);
        m.put("GlobalEndpointTokenVersion", 1);
        return Out.obj().with("SummaryMap", m);
    }

    /** Where a statement came from, as MatchedStatements names it. */
    private record Source(String id, String type) {}

    private void label(Map<PolicyDocument.Statement, Source> sources, List<PolicyDocument> docs, PolicyHolder h) {
        String inlineType = EntityType.of(h).noun();
        for (Map.Entry<String, String> e : h.inlinePolicies().entrySet()) add(sources, docs, credentials.parse(e.getValue()), new Source(e.getKey(), inlineType));
        for (String arn : h.attachedPolicies()) {
            try {
                ManagedPolicy p = dir.policy(arn);
                add(sources, docs, credentials.parse(p.document()), new Source(p.name(), p.awsManaged() ? "aws-managed" : "user-managed"));
            } catch (RuntimeException gone) {
                // a deleted policy grants nothing
            }
        }
    }

    private static void add(Map<PolicyDocument.Statement, Source> sources, List<PolicyDocument> docs, PolicyDocument d, Source s) {
        docs.add(d);
        for (PolicyDocument.Statement st : d.statements()) sources.putIfAbsent(st, s);
    }

    private Object simulate(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String source = in.required("PolicySourceArn");
        List<String> actions = in.strings("ActionNames");
        if (actions.isEmpty()) throw IamErrors.validation("1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
        List<String> resources = in.strings("ResourceArns");
        if (resources.isEmpty()) resources = List.of("*");
        Map<String, List<String>> context = new LinkedHashMap<>();
        for (IamInput e : in.structs("ContextEntries")) context.put(e.required("ContextKeyName"), e.strings("ContextKeyValues"));

        Map<PolicyDocument.Statement, Source> sources = new IdentityHashMap<>();
        List<PolicyDocument> docs = new ArrayList<>();
        Principal principal = sourcePrincipal(source, sources, docs);
        List<String> extra = in.strings("PolicyInputList");
        for (int i = 0; i < extra.size(); i++) add(sources, docs, PolicyDocument.parse(extra.get(i), PolicyDocument.Use.IDENTITY), new Source("PolicyInputList." + (i + 1), "none"));
        PolicyDocument resourcePolicy = null;
        if (in.str("ResourcePolicy") != null) {
            resourcePolicy = PolicyDocument.parse(in.str("ResourcePolicy"), PolicyDocument.Use.RESOURCE);
            for (PolicyDocument.Statement st : resourcePolicy.statements()) sources.putIfAbsent(st, new Source("ResourcePolicy", "resource"));
        }

        List<Out> results = new ArrayList<>();
        for (String action : actions) {
            for (String resource : resources) {
                Evaluator.Result r = Evaluator.explain(new Evaluator.Request(principal, action, resource, context), docs, resourcePolicy, List.of());
                List<Out> matched = r.matched().stream().map(sources::get).filter(java.util.Objects::nonNull).distinct()
                        .map(s -> Out.obj().with("SourcePolicyId", s.id()).with("SourcePolicyType", s.type())).toList();
                results.add(Out.obj().with("EvalActionName", action).with("EvalResourceName", resource).with("EvalDecision", decision(r.decision()))
                        .with("MatchedStatements", matched).with("MissingContextValues", List.of()));
            }
        }
        Pages<Out> page = in.slice(results);
        return IamInput.truncation(Out.obj().with("EvaluationResults", page.items()), page);
    }

    /** The principal a PolicySourceArn names, its policies labelled into {@code sources} and {@code docs}. */
    private Principal sourcePrincipal(String arn, Map<PolicyDocument.Statement, Source> sources, List<PolicyDocument> docs) {
        String prefix = "arn:aws:iam::" + dir.account + ":";
        if (!arn.startsWith("arn:aws:iam::") || arn.indexOf('/') < 0) throw IamErrors.invalidInput("Invalid ARN: " + arn);
        if (!arn.startsWith(prefix)) throw IamErrors.noSuchEntity("The entity " + arn + " cannot be found.");
        String type = arn.substring(prefix.length(), arn.indexOf('/'));
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        switch (type) {
            case "user" -> {
                User u = dir.user(name);
                label(sources, docs, u);
                for (Group g : dir.groupsOf(u.name())) label(sources, docs, g);
                return Credentials.of(u, dir.account);
            }
            case "group" -> {
                Group g = dir.group(name);
                label(sources, docs, g);
                return new Principal(Principal.Type.USER, g.arn(), g.groupId(), dir.account, g.name(), null, null);
            }
            case "role" -> {
                Role r = dir.role(name);
                label(sources, docs, r);
                return credentials.session(r, "SimulatePrincipalPolicy");
            }
            default -> throw IamErrors.invalidInput("Invalid ARN: " + arn);
        }
    }

    private static String decision(Evaluator.Decision d) {
        return switch (d) {
            case ALLOW -> "allowed";
            case EXPLICIT_DENY -> "explicitDeny";
            case IMPLICIT_DENY -> "implicitDeny";
        };
    }
}
