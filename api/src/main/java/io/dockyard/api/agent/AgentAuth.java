package io.dockyard.api.agent;

import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.protocol.Gate;
import io.dockyard.protocol.Http;
import io.dockyard.protocol.RequestContext;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who may speak the agent protocol. In local mode ({@link Gate#LOCAL}) anyone on the network; in secure mode every request
 * must be SigV4-signed (signing name {@code ecs}, as the ECS agent signs its ACS and TCS connections) by a key IAM issued
 * (or the control plane's own agent key), and the key's policies must allow the ECS agent action the call amounts to:
 * {@code register} is {@code ecs:RegisterContainerInstance} on the cluster (and {@code ecs:Poll} on it: an instance whose
 * agent may not poll would never connect, so none is registered), {@code clusters} {@code ecs:DiscoverPollEndpoint}
 * on {@code *}, {@code poll}, {@code credentials} and {@code exec} {@code ecs:Poll} on the container instance, {@code stats}
 * {@code ecs:StartTelemetrySession} on the container instance, {@code report} {@code ecs:SubmitTaskStateChange} (and
 * {@code ecs:SubmitContainerStateChange} when it carries containers) on the cluster. A refusal is an AWS error with
 * status 403 (an unsigned call {@code MissingAuthenticationTokenException}, a wrong signature
 * {@code InvalidSignatureException}, an unknown key {@code UnrecognizedClientException}, a policy that does not allow the
 * action {@code AccessDeniedException}), checked before the call changes anything.
 */
final class AgentAuth {
    private final Gate gate;
    private final Arns arns;

    AgentAuth(Gate gate, Arns arns) {
        this.gate = gate;
        this.arns = arns;
    }

    boolean enforced() { return gate != Gate.LOCAL; }

    /** The signature checked: the caller, or null in local mode. */
    Gate.Caller authenticate(Request request) throws IOException {
        if (!enforced()) return null;
        return gate.authenticate(Gate.signed(request, Http.raw(request)), Gate.sourceIp(request), false);
    }

    /**
     * The caller may perform {@code operation} ({@code ecs:} action) on the cluster or container instance named (a name or
     * an ARN; null: none).
     */
    void authorize(Gate.Caller caller, String operation, String cluster, String containerInstance) {
        if (caller == null) return;
        Map<String, Object> input = new LinkedHashMap<>();
        if (cluster != null && !cluster.isBlank()) input.put("cluster", cluster.startsWith("arn:") ? cluster : arns.cluster(cluster));
        if (containerInstance != null && !containerInstance.isBlank()) {
            input.put("containerInstance", containerInstance);
            if (!input.containsKey("cluster")) {
                String c = clusterOf(containerInstance);
                if (c != null) input.put("cluster", arns.cluster(c));
            }
        }
        try {
            gate.authorize(caller, "ecs", operation, input, new RequestContext(UUID.randomUUID().toString(), arns.region(), caller.accessKeyId(), arns.account()), false);
        } catch (AwsException e) {
            throw e.status() == 403 ? e : new AwsException(e.code(), 403, e.getMessage());
        }
    }

    /** The cluster name in a container instance's or task's ARN ({@code …:task/<cluster>/<id>}), or null. */
    static String clusterOf(String arn) {
        if (arn == null || !arn.startsWith("arn:")) return null;
        String[] p = arn.substring(arn.lastIndexOf(':') + 1).split("/");
        return p.length == 3 ? p[1] : null;
    }
}
