package io.dockyard.iam.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockyard.iam.model.Credential;
import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.Principal;
import io.dockyard.iam.model.Role;
import io.dockyard.iam.policy.Evaluator;
import io.dockyard.iam.policy.PolicyDocument;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * STS: GetCallerIdentity, GetSessionToken and AssumeRole. AssumeRole checks the role's trust policy against the caller
 * ({@link Evaluator#trusts}, with {@code sts:ExternalId} when given), the duration against the role's maximum (and one hour
 * for role chaining), and packs the session policy — the inline {@code Policy} and the managed {@code PolicyArns}, whose
 * statements together restrict the session — into one document.
 */
public final class StsOperations {
    /** The plain-text size STS packs a session policy into (100%). */
    static final int PACKED_LIMIT = 2048;
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Directory dir;
    private final Credentials credentials;

    public StsOperations(Directory dir, Credentials credentials) {
        this.dir = dir;
        this.credentials = credentials;
    }

    List<NamedOperation> all() {
        return List.of(NamedOperation.of("GetCallerIdentity", this::callerIdentity), NamedOperation.of("GetSessionToken", this::sessionToken),
                NamedOperation.of("AssumeRole", this::assumeRole));
    }

    private Object callerIdentity(Map<String, Object> input, RequestContext ctx) {
        Principal p = credentials.principal(ctx.accessKeyId());
        return Out.obj().with("UserId", p.userId()).with("Account", p.account()).with("Arn", p.arn());
    }

    private static Out credentials(Credential c) {
        return Out.obj().with("AccessKeyId", c.accessKeyId()).with("SecretAccessKey", c.secretAccessKey()).with("SessionToken", c.sessionToken())
                .with("Expiration", c.expiresAt());
    }

    private Object sessionToken(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        Integer seconds = in.integer("DurationSeconds", 900, 129600);
        Principal caller = credentials.principal(ctx.accessKeyId());
        boolean session = ctx.accessKeyId() != null && ctx.accessKeyId().startsWith("ASIA") && dir.store.get(IamKinds.SESSION, ctx.accessKeyId()).isPresent();
        if (caller.type() == Principal.Type.ASSUMED_ROLE || session) throw IamErrors.accessDenied("Cannot call GetSessionToken with session credentials");
        int duration = seconds == null ? 43200 : seconds;
        if (caller.type() == Principal.Type.ROOT) duration = Math.min(duration, 3600);
        return Out.obj().with("Credentials", credentials(credentials.issue(caller, Duration.ofSeconds(duration), null)));
    }

    private Object assumeRole(Map<String, Object> input, RequestContext ctx) {
        IamInput in = new IamInput(input);
        String roleArn = in.required("RoleArn");
        String sessionName = in.required("RoleSessionName");
        if (!SESSION_NAME.matcher(sessionName).matches()) throw IamErrors.constraint("RoleSessionName", sessionName, "must satisfy regular expression pattern: [\\w+=,.@-]*");
        Integer seconds = in.integer("DurationSeconds", 900, 43200);
        String policy = in.str("Policy");
        List<String> policyArns = in.structs("PolicyArns").stream().map(p -> p.required("arn")).toList();
        String externalId = in.str("ExternalId");
        if (externalId != null && (externalId.length() < 2 || externalId.length() > 1224)) {
            throw IamErrors.constraint("ExternalId", externalId, "must have length between 2 and 1224");
        }
        Principal caller = credentials.principal(ctx.accessKeyId());
        Assumed a = assume(caller, roleArn, sessionName, seconds, policy, policyArns, externalId, ctx.region(), false);
        Principal p = a.credential().principal();
        return Out.obj().with("Credentials", credentials(a.credential()))
                .with("AssumedRoleUser", Out.obj().with("AssumedRoleId", p.userId()).with("Arn", p.arn()))
                .with("PackedPolicySize", a.packedPolicySize());
    }

    /** A session of a role: its credentials (whose principal is the session) and the packed size of its policy (null: none). */
    public record Assumed(Credential credential, Integer packedPolicySize) {}

    /**
     * AssumeRole for {@code caller}. {@code service}: the control plane asks on behalf of a service principal, whose
     * sessions are not limited by the role's MaxSessionDuration (ECS task role credentials outlive it too).
     */
    public Assumed assume(Principal caller, String roleArn, String sessionName, Integer seconds, String policy, List<String> policyArns,
                          String externalId, String region, boolean service) {
        var denied = IamErrors.accessDenied("User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        String prefix = "arn:aws:iam::" + dir.account + ":role/";
        if (!roleArn.startsWith(prefix)) throw denied;
        Role role = dir.findRole(Credentials.roleName(roleArn)).filter(r -> r.arn().equals(roleArn)).orElseThrow(() -> denied);
        Map<String, List<String>> context = externalId == null ? Map.of() : Map.of("sts:ExternalId", List.of(externalId));
        if (!Evaluator.trusts(PolicyDocument.parse(role.assumeRolePolicyDocument(), PolicyDocument.Use.TRUST), caller, context)) throw denied;
        int duration = seconds == null ? 3600 : seconds;
        if (!service && duration > role.maxSessionDuration()) {
            throw IamErrors.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        if (caller.type() == Principal.Type.ASSUMED_ROLE && duration > 3600) {
            throw IamErrors.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        Integer packed = null;
        String sessionPolicy = null;
        if (policy != null || !policyArns.isEmpty()) {
            if (policy != null && policy.length() > PACKED_LIMIT) throw IamErrors.constraint("Policy", "[...]", "must have length less than or equal to " + PACKED_LIMIT);
            List<String> docs = new ArrayList<>();
            if (policy != null) {
                PolicyDocument.parse(policy, PolicyDocument.Use.IDENTITY);
                docs.add(policy);
            }
            if (policyArns.size() > 10) throw IamErrors.constraint("PolicyArns", "[...]", "must have length less than or equal to 10");
            for (String arn : policyArns) docs.add(dir.policy(arn).document());
            int size = (policy == null ? 0 : PolicyDocument.size(policy)) + 100 * policyArns.size();
            packed = (int) Math.ceil(size * 100.0 / PACKED_LIMIT);
            if (packed > 100) throw IamErrors.packedPolicyTooLarge("Packed policy consumes " + packed + "% of allotted space, please use smaller policy.");
            sessionPolicy = docs.size() == 1 ? docs.get(0) : combine(docs);
        }
        Credential c = credentials.issue(credentials.session(role, sessionName), Duration.ofSeconds(duration), sessionPolicy);
        noteUse(role, region);
        return new Assumed(c, packed);
    }

    /** The statements of several policies as one document (a request is allowed when any of them allows it). */
    static String combine(List<String> docs) {
        ObjectNode out = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = out.putArray("Statement");
        for (String d : docs) {
            try {
                JsonNode st = JSON.readTree(d).get("Statement");
                if (st.isArray()) statements.addAll((ArrayNode) st);
                else statements.add(st);
            } catch (Exception e) {
                throw PolicyDocument.malformed("Syntax errors in policy.");
            }
        }
        return out.toString();
    }

    private void noteUse(Role role, String region) {
        var now = dir.now();
        if (role.lastUsedDate() != null && role.lastUsedDate().plus(Duration.ofMinutes(5)).isAfter(now) && java.util.Objects.equals(region, role.lastUsedRegion())) return;
        dir.store.update(IamKinds.ROLE, IamKinds.key(role.name()), r -> r.roleId().equals(role.roleId()) ? r.usedAt(now, region) : r);
    }
}
