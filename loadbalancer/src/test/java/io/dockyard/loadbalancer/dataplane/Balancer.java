package io.dockyard.loadbalancer.dataplane;

import io.dockyard.protocol.QueryForm;
import io.dockyard.protocol.QueryService;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Store;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.api.Elbv2Operations;
import io.dockyard.loadbalancer.api.TargetService;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A data plane with its ELBv2 API over an in-memory store, for tests: one ALB listener in front of given target ports. */
final class Balancer implements AutoCloseable {
    final Store store = new CachedStore(new MemoryJournal());
    final Supervisor supervisor = new Supervisor();
    final DataPlane plane;
    private final QueryService api;

    Balancer(Duration responseTimeout) { this(responseTimeout, io.dockyard.core.port.ServerCertificates.NONE); }

    Balancer(Duration responseTimeout, io.dockyard.core.port.ServerCertificates certificates) {
        plane = new DataPlane(store, "127.0.0.1", responseTimeout, supervisor, certificates);
        Elbv2 elb = new Elbv2(store, plane, Clock.systemUTC(), "us-east-1a", certificates);
        api = Elbv2Operations.service(elb, new TargetService(elb));
    }

    /** Calls an ELBv2 action with a form body, as the edge would. */
    @SuppressWarnings("unchecked")
    Map<String, Object> call(String action, String... params) {
        StringBuilder form = new StringBuilder("Action=" + action);
        for (int i = 0; i < params.length; i += 2) form.append('&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        return (Map<String, Object>) api.operations().get(action).handle(QueryForm.parse(form.toString()), new RequestContext("r", "us-east-1", "test", "000000000000"));
    }

    @SuppressWarnings("unchecked")
    static String first(Map<String, Object> out, String list, String member) {
        return (String) ((List<Map<String, Object>>) out.get(list)).get(0).get(member);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An ALB listener (on a free port, returned) forwarding to an ip target group of the given ports. */
    int listener(String algorithm, int... targetPorts) throws Exception {
        String lb = first(call("CreateLoadBalancer", "Name", "lb"), "LoadBalancers", "LoadBalancerArn");
        String tg = first(call("CreateTargetGroup", "Name", "tg", "Protocol", "HTTP", "Port", "80", "TargetType", "ip"), "TargetGroups", "TargetGroupArn");
        call("ModifyTargetGroupAttributes", "TargetGroupArn", tg, "Attributes.member.1.Key", "load_balancing.algorithm.type", "Attributes.member.1.Value", algorithm);
        List<String> targets = new ArrayList<>(List.of("TargetGroupArn", tg));
        for (int i = 0; i < targetPorts.length; i++) {
            targets.addAll(List.of("Targets.member." + (i + 1) + ".Id", "127.0.0.1", "Targets.member." + (i + 1) + ".Port", Integer.toString(targetPorts[i])));
        }
        call("RegisterTargets", targets.toArray(new String[0]));
        int port = freePort();
        call("CreateListener", "LoadBalancerArn", lb, "Protocol", "HTTP", "Port", Integer.toString(port),
                "DefaultActions.member.1.Type", "forward", "DefaultActions.member.1.TargetGroupArn", tg);
        return port;
    }

    @Override
    public void close() {
        plane.close();
        supervisor.close();
    }
}
