package io.dockyard.iam.gate;

import io.dockyard.core.AwsException;
import io.dockyard.iam.Iam;
import io.dockyard.iam.model.Credential;
import io.dockyard.iam.model.Principal;
import io.dockyard.iam.policy.Evaluator;
import io.dockyard.iam.policy.PolicyDocument;
import io.dockyard.protocol.Gate;
import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.sigv4.Key;
import io.dockyard.protocol.sigv4.SigV4Exception;
import io.dockyard.protocol.sigv4.SigV4Verifier;
import io.dockyard.protocol.sigv4.SignedRequest;
import io.dockyard.protocol.sigv4.Verified;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Secure mode's gate: every AWS API request must be signed (SigV4, header or presigned) with a key IAM issued — a user's
 * access key, a session's temporary credentials, the root key, or the control plane's own agent key — and is then
 * authorized by IAM's evaluation of the caller's identity policies, the session policy, and the resource's own policy
 * where it has one (secrets). A refusal is AccessDeniedException (JSON services, 400) or AccessDenied (Query, 403) with
 * AWS's "User: … is not authorized to perform: … on resource: …" message.
 */
public final class SecureGate implements Gate, io.dockyard.core.port.ResourceAccess {
    private final Iam iam;
    private final SigV4Verifier verifier = new SigV4Verifier(Duration.ofMinutes(5));
    private final Clock clock;
    private final io.dockyard.protocol.access.AccessMappings mappings;
    private final BiFunction<String, String, String> resourcePolicy;
    private final AgentKey agentKey;
    private final io.dockyard.core.port.AuditLog audit;
    /** How long a console password sign-in's session credentials last (the console's own session lasts as long). */
    public static final Duration CONSOLE_SESSION = Duration.ofHours(12);
    /** IAM operations that, naming no user, act on the calling user: authorized on its ARN (iam:ChangePassword on user/${aws:username}). */
    static final java.util.Set<String> SELF = java.util.Set.of("ChangePassword", "CreateLoginProfile", "GetLoginProfile", "DeleteLoginProfile");
    /** The agent protocol's heartbeat calls (a long poll every 20 seconds per agent), recorded only when refused. */
    static final java.util.Set<String> QUIET = java.util.Set.of("Poll", "DiscoverPollEndpoint", "StartTelemetrySession");
    static final String SIGN_IN_REGION = "us-east-1", HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";

    /**
     * {@code mappings}: each service's IAM actions, resources and condition keys, as the module that owns it maps them (a
     * service without one is refused); {@code resourcePolicy}: the policy document of a resource (service, ARN), or null;
     * {@code agentKey}: the key the control plane's agents sign with.
     */
    public SecureGate(Iam iam, Clock clock, io.dockyard.protocol.access.AccessMappings mappings, BiFunction<String, String, String> resourcePolicy, AgentKey agentKey,
                      io.dockyard.core.port.AuditLog audit) {
        this.audit = audit;
        this.iam = iam;
        this.clock = clock;
        this.mappings = mappings;
        this.resourcePolicy = resourcePolicy;
        this.agentKey = agentKey;
    }

    @Override
    public Caller authenticate(SignedRequest request, String sourceIp, boolean queryProtocol) {
        Verified v;
        try {
            v = verifier.verify(request, this::find, clock.instant());
        } catch (SigV4Exception e) {
            throw e.toAwsException(queryProtocol);
        }
        String id = v.key().accessKeyId();
        if (!agentKey.id().equals(id)) iam.keyUsed(id, v.service(), v.region());
        return new Caller(id, v.region(), v.key().principal(), sourceIp);
    }

    /**
     * A password sign-in: session credentials of the user for {@link #CONSOLE_SESSION} (see {@link Iam#signIn}), as a
     * caller whose access key is the session's. Recorded in the audit trail as CloudTrail's ConsoleLogin (signin.amazonaws.com),
     * a refusal under the user name {@value #HIDDEN} whoever was named.
     */
    @Override
    public Caller signIn(String accountId, String userName, String password, String sourceIp) {
        String requestId = java.util.UUID.randomUUID().toString();
        boolean ours = accountId == null || accountId.isBlank() || accountId.strip().equals(iam.account());
        try {
            Credential c = iam.signIn(ours ? userName : null, password, CONSOLE_SESSION);
            record(c.principal(), c.accessKeyId(), "signin", "ConsoleLogin", SIGN_IN_REGION, sourceIp, requestId, List.of(), null);
            return new Caller(c.accessKeyId(), null, c.principal(), sourceIp);
        } catch (AwsException e) {
            audit.record(new io.dockyard.core.port.AuditLog.Event(java.util.UUID.randomUUID().toString(), clock.instant(), "signin.amazonaws.com", "ConsoleLogin",
                    SIGN_IN_REGION, sourceIp, requestId, null, null, "IAMUser", HIDDEN, iam.account(), List.of(), e.code(), e.getMessage()));
            throw e;
        }
    }

    private Optional<Key> find(String accessKeyId) {
        if (agentKey.id().equals(accessKeyId)) return Optional.of(Key.longTerm(agentKey.id(), agentKey.secret(), AgentKey.PRINCIPAL));
        return iam.credential(accessKeyId).map(SecureGate::key);
    }

    private static Key key(Credential c) {
        return new Key(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiresAt(), c.principal());
    }

    @Override
    public void authorize(Caller caller, String service, String operation, Map<String, Object> input, RequestContext ctx, boolean queryProtocol) {
        Principal who = (Principal) caller.principal();
        io.dockyard.protocol.access.AccessMapping mapping = mappings.find(service).orElse(null);
        if (mapping == null) { // fail closed: a service that brought no access mapping cannot be authorized
            String action = service + ":" + operation;
            AwsException e = denied(who, action, "*", "because no access mapping is registered for the service " + service, queryProtocol);
            record(who, caller.accessKeyId(), service, operation, ctx.region(), caller.sourceIp(), ctx.requestId(), List.of(), e);
            throw e;
        }
        String action = mapping.action(operation);
        if ("sts".equals(service) && "GetCallerIdentity".equals(operation)) { // needs no permission, as on AWS
            record(who, caller.accessKeyId(), service, operation, ctx.region(), caller.sourceIp(), ctx.requestId(), List.of(), null);
            return;
        }
        Map<String, List<String>> context = context(mapping.conditions(operation, input, ctx), ctx, caller.sourceIp(), false);
        List<String> named = mapping.resources(operation, input, ctx);
        if (named.isEmpty()) named = List.of("*");
        if (who.type() == Principal.Type.USER && "iam".equals(service) && SELF.contains(operation) && named.equals(List.of("*"))) named = List.of(who.arn());
        try {
            for (String resource : named) {
                String policy = "*".equals(resource) ? null : resourcePolicy.apply(service, resource);
                decide(who, caller.accessKeyId(), action, resource, policy, context, queryProtocol);
            }
        } catch (AwsException e) {
            record(who, caller.accessKeyId(), service, operation, ctx.region(), caller.sourceIp(), ctx.requestId(), named, e);
            throw e;
        }
        record(who, caller.accessKeyId(), service, operation, ctx.region(), caller.sourceIp(), ctx.requestId(), named, null);
    }

    /** An audit event for the call (the agent's own calls and log events, which CloudTrail does not record either, aside). */
    private void record(Principal who, String key, String service, String operation, String region, String sourceIp, String requestId,
                        List<String> named, AwsException refused) {
        if (who == AgentKey.PRINCIPAL || "logs".equals(service) && "PutLogEvents".equals(operation)) return;
        if (refused == null && "ecs".equals(service) && QUIET.contains(operation)) return;
        String type = switch (who.type()) {
            case ROOT -> "Root";
            case USER -> "IAMUser";
            case ASSUMED_ROLE -> "AssumedRole";
            case SERVICE -> "AWSService";
        };
        String user = switch (who.type()) {
            case ROOT -> "root";
            case ASSUMED_ROLE -> who.sessionName();
            default -> who.name();
        };
        audit.record(new io.dockyard.core.port.AuditLog.Event(java.util.UUID.randomUUID().toString(), clock.instant(), service + ".amazonaws.com", operation,
                region, sourceIp, requestId, key, who.arn(), type, user, iam.account(), named.stream().filter(r -> !"*".equals(r)).toList(),
                refused == null ? null : refused.code(), refused == null ? null : refused.getMessage()));
    }

    /** The condition keys of a request: the service's own ({@code ecs:cluster}, …) and the global ones — the caller's region, address and transport, the time. */
    static Map<String, List<String>> context(Map<String, List<String>> service, RequestContext ctx, String sourceIp, boolean secure) {
        Map<String, List<String>> c = new java.util.HashMap<>(service);
        java.time.Instant now = java.time.Instant.now();
        c.put("aws:RequestedRegion", List.of(ctx.region()));
        c.put("aws:SecureTransport", List.of(Boolean.toString(secure)));
        c.put("aws:CurrentTime", List.of(now.toString()));
        c.put("aws:EpochTime", List.of(Long.toString(now.getEpochSecond())));
        if (sourceIp != null) c.put("aws:SourceIp", List.of(sourceIp));
        return c;
    }

    /** The registry protocol's check: the key a registry token was issued to, the ECR action, the repository and its policy. */
    @Override
    public void check(String accessKeyId, String action, String resourceArn, String policy) {
        Principal who = accessKeyId == null ? null : agentKey.id().equals(accessKeyId) ? AgentKey.PRINCIPAL
                : iam.credential(accessKeyId).map(Credential::principal).orElse(null);
        if (who == null) throw new AwsException("AccessDeniedException", 400, "The security token the registry password was issued for is no longer valid.");
        String operation = action.substring(action.indexOf(':') + 1), requestId = java.util.UUID.randomUUID().toString();
        String[] arn = resourceArn.split(":");
        String region = arn.length > 3 ? arn[3] : null;
        try {
            decide(who, accessKeyId, action, resourceArn, policy, Map.of("aws:CurrentTime", List.of(clock.instant().toString())), false);
        } catch (AwsException e) {
            record(who, accessKeyId, "ecr", operation, region, null, requestId, List.of(resourceArn), e);
            throw e;
        }
        if (!operation.startsWith("Batch") && !operation.startsWith("Get") && !operation.equals("UploadLayerPart")) {
            record(who, accessKeyId, "ecr", operation, region, null, requestId, List.of(resourceArn), null);
        }
    }

    @Override
    public String principalArn(String accessKeyId) {
        if (accessKeyId == null || agentKey.id().equals(accessKeyId)) return null;
        return iam.credential(accessKeyId).map(c -> c.principal().trustArn()).orElse(null);
    }

    private void decide(Principal who, String accessKeyId, String action, String resource, String policy, Map<String, List<String>> context, boolean queryProtocol) {
        if (who == AgentKey.PRINCIPAL) {
            if (AgentKey.ACTIONS.contains(action)) return;
            throw denied(who, action, resource, "because no identity-based policy allows the " + action + " action", queryProtocol);
        }
        List<PolicyDocument> identity = iam.identityPolicies(who);
        PolicyDocument session = who.type() == Principal.Type.ASSUMED_ROLE ? iam.sessionPolicy(accessKeyId) : null;
        PolicyDocument resourceDoc = policy == null ? null : PolicyDocument.parse(policy, PolicyDocument.Use.RESOURCE);
        Evaluator.Decision d = Evaluator.evaluate(new Evaluator.Request(who, action, resource, context), identity, resourceDoc,
                session == null ? List.of() : List.of(session));
        if (d == Evaluator.Decision.ALLOW) return;
        String why = d == Evaluator.Decision.EXPLICIT_DENY ? "with an explicit deny in " + (resourceDoc != null ? "a resource-based policy" : "an identity-based policy")
                : "because no identity-based policy allows the " + action + " action";
        throw denied(who, action, resource, why, queryProtocol);
    }

    private static AwsException denied(Principal who, String action, String resource, String why, boolean queryProtocol) {
        String message = "User: " + who.arn() + " is not authorized to perform: " + action + " on resource: " + resource + " " + why;
        return queryProtocol ? new AwsException("AccessDenied", 403, message) : new AwsException("AccessDeniedException", 400, message);
    }

    /** The key the control plane's own agents sign with (derived from the master key; never stored, never printed). */
    public record AgentKey(String id, String secret) {
        /** Who the agent acts as. */
        public static final Principal PRINCIPAL = new Principal(Principal.Type.SERVICE, "ecs.amazonaws.com", "ecs.amazonaws.com", null, "dockyard-agent", null, null);
        /** What an agent does on a task's behalf: registry credentials, log shipping, secrets. */
        static final java.util.Set<String> ACTIONS = java.util.Set.of("ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                "ecr:BatchCheckLayerAvailability", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams",
                "secretsmanager:GetSecretValue", "ssm:GetParameters", "kms:Decrypt",
                // the agent protocol (AgentAuth), as AmazonEC2ContainerServiceforEC2Role grants an instance's agent
                "ecs:RegisterContainerInstance", "ecs:DeregisterContainerInstance", "ecs:DiscoverPollEndpoint", "ecs:Poll", "ecs:StartTelemetrySession",
                "ecs:SubmitTaskStateChange", "ecs:SubmitContainerStateChange", "ecs:UpdateContainerInstancesState");

        public static AgentKey derive(io.dockyard.core.crypto.MasterKey master) {
            byte[] d = master.derive("dockyard-agent-key");
            String id = "AKIA" + java.util.HexFormat.of().formatHex(d, 0, 8).toUpperCase(java.util.Locale.ROOT);
            String secret = java.util.Base64.getEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(d, 8, 32)).substring(0, 32);
            return new AgentKey(id, secret);
        }

        @Override
        public String toString() { return "AgentKey[" + id + "]"; }
    }

}
