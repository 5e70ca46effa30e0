package io.dockyard.iam.policy;

import io.dockyard.iam.model.Principal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM's policy evaluation logic within one account: an explicit Deny in any applicable policy wins; otherwise the request
 * is allowed when an identity policy or the resource policy allows it — and, for a role session with a session policy,
 * when the session policy allows it too (a resource policy naming the session itself needs no session policy); otherwise
 * it is implicitly denied. The account root is allowed everything no policy explicitly denies. A resource policy that
 * names the account ({@code 123456789012} or {@code arn:aws:iam::123456789012:root}) grants nothing by itself: it
 * delegates to the account's identity policies, as IAM does.
 */
public final class Evaluator {
    private Evaluator() {}

    public enum Decision { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    /** A request to authorize: who, the action ({@code ecs:RunTask}), the resource ARN ({@code *} when the action has none) and the condition keys. */
    public record Request(Principal principal, String action, String resource, Map<String, List<String>> context) {
        public Request {
            context = context == null ? Map.of() : context;
        }
    }

    /** The decision and the statements that decided it (for SimulatePrincipalPolicy's MatchedStatements). */
    public record Result(Decision decision, List<PolicyDocument.Statement> matched) {}

    public static Decision evaluate(Request r, List<PolicyDocument> identity, PolicyDocument resourcePolicy, List<PolicyDocument> session) {
        return explain(r, identity, resourcePolicy, session).decision();
    }

    public static Result explain(Request r, List<PolicyDocument> identity, PolicyDocument resourcePolicy, List<PolicyDocument> session) {
        Map<String, List<String>> ctx = withPrincipalKeys(r);
        Variables vars = new Variables(ctx);
        List<PolicyDocument.Statement> denies = new ArrayList<>(), identityAllows = new ArrayList<>(), resourceAllows = new ArrayList<>(),
                sessionAllows = new ArrayList<>();
        boolean resourceNamesSession = false;
        for (PolicyDocument d : identity) sort(d, r, ctx, vars, denies, identityAllows);
        for (PolicyDocument d : session) sort(d, r, ctx, vars, denies, sessionAllows);
        if (resourcePolicy != null) {
            for (PolicyDocument.Statement s : resourcePolicy.statements()) {
                if (!applies(s, r, ctx, vars) || !principalMatches(s, r.principal(), !s.allow())) continue;
                (s.allow() ? resourceAllows : denies).add(s);
                if (s.allow() && r.principal().type() == Principal.Type.ASSUMED_ROLE && names(s, r.principal().arn())) resourceNamesSession = true;
            }
        }
        if (!denies.isEmpty()) return new Result(Decision.EXPLICIT_DENY, denies);
        if (r.principal().type() == Principal.Type.ROOT) return new Result(Decision.ALLOW, List.of());
        boolean allowed = !identityAllows.isEmpty() || !resourceAllows.isEmpty();
        if (allowed && !session.isEmpty() && sessionAllows.isEmpty() && !resourceNamesSession) allowed = false;
        if (!allowed) return new Result(Decision.IMPLICIT_DENY, List.of());
        List<PolicyDocument.Statement> matched = new ArrayList<>(identityAllows);
        matched.addAll(resourceAllows);
        matched.addAll(sessionAllows);
        return new Result(Decision.ALLOW, matched);
    }

    private static void sort(PolicyDocument d, Request r, Map<String, List<String>> ctx, Variables vars,
                             List<PolicyDocument.Statement> denies, List<PolicyDocument.Statement> allows) {
        for (PolicyDocument.Statement s : d.statements()) if (applies(s, r, ctx, vars)) (s.allow() ? allows : denies).add(s);
    }

    /** Whether the statement's action, resource and conditions match (its principal aside). */
    static boolean applies(PolicyDocument.Statement s, Request r, Map<String, List<String>> ctx, Variables vars) {
        boolean action = s.actions().stream().anyMatch(a -> Wildcards.matches(a, r.action(), true));
        if (action == s.notAction()) return false;
        if (!s.resources().isEmpty() || s.notResource()) {
            boolean resource = s.resources().stream().anyMatch(p -> Wildcards.arnMatches(vars.substitute(p), r.resource()));
            if (resource == s.notResource()) return false;
        }
        for (PolicyDocument.Condition c : s.conditions()) if (!Conditions.holds(c, ctx, vars)) return false;
        return true;
    }

    /**
     * Whether a resource or trust policy statement's Principal covers the caller. {@code accountWide}: whether naming the
     * caller's account counts (it does for Deny; for Allow it only delegates to identity policies).
     */
    static boolean principalMatches(PolicyDocument.Statement s, Principal p, boolean accountWide) {
        boolean anyone = s.principals().containsKey("*") || names(s, "*");
        boolean named;
        if (p.type() == Principal.Type.SERVICE) {
            named = anyone || s.principals().getOrDefault("Service", List.of()).contains(p.arn());
        } else {
            named = anyone || names(s, p.arn()) || p.type() == Principal.Type.ASSUMED_ROLE && names(s, p.roleArn())
                    || accountWide && (names(s, p.account()) || names(s, "arn:aws:iam::" + p.account() + ":root"));
        }
        return named != s.notPrincipal();
    }

    private static boolean names(PolicyDocument.Statement s, String arn) {
        return arn != null && s.principals().getOrDefault("AWS", List.of()).contains(arn);
    }

    /**
     * Whether a role's trust policy lets {@code caller} call {@code sts:AssumeRole} on it: an Allow statement for the action
     * that names the caller (its ARN, its role for a role session, its account, {@code *}, or the service principal) with
     * conditions that hold, and no Deny that covers it.
     */
    public static boolean trusts(PolicyDocument trust, Principal caller, Map<String, List<String>> context) {
        Request r = new Request(caller, "sts:AssumeRole", "*", context);
        Map<String, List<String>> ctx = withPrincipalKeys(r);
        Variables vars = new Variables(ctx);
        boolean allowed = false;
        for (PolicyDocument.Statement s : trust.statements()) {
            if (!applies(s, r, ctx, vars) || !principalMatches(s, caller, true)) continue;
            if (!s.allow()) return false;
            allowed = true;
        }
        return allowed;
    }

    /** The request's keys plus the global keys IAM derives from the principal ({@code aws:username}, {@code aws:PrincipalArn}, …). */
    private static Map<String, List<String>> withPrincipalKeys(Request r) {
        Map<String, List<String>> ctx = new HashMap<>(r.context());
        Principal p = r.principal();
        ctx.putIfAbsent("aws:PrincipalArn", List.of(p.type() == Principal.Type.ASSUMED_ROLE ? p.roleArn() : p.arn()));
        ctx.putIfAbsent("aws:PrincipalAccount", List.of(p.account()));
        ctx.putIfAbsent("aws:userid", List.of(p.userId()));
        ctx.putIfAbsent("aws:PrincipalType", List.of(switch (p.type()) {
            case ROOT -> "Account";
            case USER -> "User";
            case ASSUMED_ROLE -> "AssumedRole";
            case SERVICE -> "Service";
        }));
        if (p.type() == Principal.Type.USER) ctx.putIfAbsent("aws:username", List.of(p.name()));
        return ctx;
    }
}
