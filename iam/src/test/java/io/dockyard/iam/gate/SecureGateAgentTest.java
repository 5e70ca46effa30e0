package io.dockyard.iam.gate;

import io.dockyard.core.AwsException;
import io.dockyard.core.crypto.MasterKey;
import io.dockyard.core.port.AuditLog;
import io.dockyard.iam.Iam;
import io.dockyard.protocol.Gate;
import io.dockyard.protocol.QueryForm;
import io.dockyard.protocol.RequestContext;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The agent protocol's actions in the gate: AmazonEC2ContainerServiceforEC2Role allows them, a deny of ecs:Poll refuses
 * the poll on the container instance's ARN, the control plane's own agent key may do them all; successful heartbeat calls
 * stay out of the audit trail, refusals are in it.
 */
class SecureGateAgentTest {
    static final String ACCOUNT = "000000000000", ROOT = "AKIAIOSFODNN7EXAMPLE";
    static final String CLUSTER = "arn:aws:ecs:us-east-1:000000000000:cluster/default";
    static final String INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/0123456789abcdef";
    final Iam iam = Iam.start(new CachedStore(new MemoryJournal()), MasterKey.of(new byte[32]), Clock.systemUTC(), ACCOUNT);
    final List<AuditLog.Event> events = new ArrayList<>();
    final SecureGate.AgentKey agentKey = SecureGate.AgentKey.derive(MasterKey.of(new byte[32]));
    /** ECS's mapping for the agent's calls as the api module's EcsAccess answers them: the container instance, else the cluster. */
    static final io.dockyard.protocol.access.AccessMapping ECS = new io.dockyard.protocol.access.AccessMapping() {
        @Override public String service() { return "ecs"; }
        @Override public List<String> resources(String operation, Map<String, Object> in, RequestContext c) {
            if (in.get("containerInstance") instanceof String ci && ("Poll".equals(operation) || "StartTelemetrySession".equals(operation))) return List.of(ci);
            return in.get("cluster") instanceof String cl ? List.of(cl) : List.of();
        }
    };
    final SecureGate gate = new SecureGate(iam, Clock.systemUTC(), io.dockyard.protocol.access.AccessMappings.of(ECS, new io.dockyard.iam.api.IamAccess()),
            (s, a) -> null, agentKey, events::add);
    final RequestContext ctx = new RequestContext("rid", "us-east-1", "k", ACCOUNT);

    private Object iamCall(String form) {
        Map<String, Object> in = QueryForm.parse(form);
        return iam.iam().operations().get((String) in.get("Action")).handle(in, new RequestContext("rid", "us-east-1", ROOT, ACCOUNT));
    }

    private Gate.Caller user(String name, String policy) {
        iamCall("Action=CreateUser&UserName=" + name);
        iamCall("Action=AttachUserPolicy&UserName=" + name + "&PolicyArn=arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role");
        if (policy != null) iamCall("Action=PutUserPolicy&UserName=" + name + "&PolicyName=p&PolicyDocument=" + URLEncoder.encode(policy, StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> created = (Map<String, Object>) ((Map<String, Object>) iamCall("Action=CreateAccessKey&UserName=" + name)).get("AccessKey");
        String key = (String) created.get("AccessKeyId");
        return new Gate.Caller(key, "us-east-1", iam.credential(key).orElseThrow().principal(), "10.0.0.9");
    }

    @Test
    void theEc2RoleAllowsTheAgentActionsAndADenyOfPollRefusesIt() {
        Gate.Caller agent = user("agent", null);
        gate.authorize(agent, "ecs", "RegisterContainerInstance", Map.of("cluster", CLUSTER), ctx, false);
        gate.authorize(agent, "ecs", "Poll", Map.of("cluster", CLUSTER, "containerInstance", INSTANCE), ctx, false);
        gate.authorize(agent, "ecs", "SubmitTaskStateChange", Map.of("cluster", CLUSTER), ctx, false);
        gate.authorize(agent, "ecs", "StartTelemetrySession", Map.of("containerInstance", INSTANCE), ctx, false);
        assertThat(events).extracting(AuditLog.Event::eventName).containsExactly("RegisterContainerInstance", "SubmitTaskStateChange");
        assertThat(events.getFirst().resources()).containsExactly(CLUSTER);

        Gate.Caller noPoll = user("no-poll", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ecs:Poll\",\"Resource\":\"*\"}]}");
        assertThatThrownBy(() -> gate.authorize(noPoll, "ecs", "Poll", Map.of("cluster", CLUSTER, "containerInstance", INSTANCE), ctx, false))
                .isInstanceOf(AwsException.class)
                .hasMessageContaining("is not authorized to perform: ecs:Poll on resource: " + INSTANCE + " with an explicit deny");
        assertThat(events.getLast().eventName()).isEqualTo("Poll");
        assertThat(events.getLast().errorCode()).isEqualTo("AccessDeniedException");

        Gate.Caller own = new Gate.Caller(agentKey.id(), "us-east-1", SecureGate.AgentKey.PRINCIPAL, "127.0.0.1");
        for (String op : List.of("RegisterContainerInstance", "DiscoverPollEndpoint", "Poll", "StartTelemetrySession", "SubmitTaskStateChange",
                "SubmitContainerStateChange")) {
            gate.authorize(own, "ecs", op, Map.of("cluster", CLUSTER, "containerInstance", INSTANCE), ctx, false);
        }
        assertThatThrownBy(() -> gate.authorize(own, "ecs", "DeleteCluster", Map.of("cluster", CLUSTER), ctx, false)).isInstanceOf(AwsException.class);
    }
}
