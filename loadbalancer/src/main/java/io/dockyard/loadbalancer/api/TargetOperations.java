package io.dockyard.loadbalancer.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.TargetHealth;

import java.util.List;
import java.util.Map;

import static io.dockyard.protocol.QueryParams.maps;
import static io.dockyard.protocol.QueryParams.required;

/** RegisterTargets, DeregisterTargets, DescribeTargetHealth. */
public final class TargetOperations {
    private final TargetService targets;

    public TargetOperations(TargetService targets) { this.targets = targets; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("RegisterTargets", this::register), NamedOperation.of("DeregisterTargets", this::deregister),
                NamedOperation.of("DescribeTargetHealth", this::describeHealth));
    }

    private static List<TargetService.Target> targetsOf(Map<String, Object> in) {
        var list = TargetService.parse(maps(in, "Targets"));
        if (list.isEmpty()) throw ElbErrors.validation("1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
        return list;
    }

    private Object register(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "TargetGroupArn");
        targets.register(arn, targetsOf(in));
        return Out.obj();
    }

    private Object deregister(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "TargetGroupArn");
        targets.deregister(arn, targetsOf(in));
        return Out.obj();
    }

    private Object describeHealth(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "TargetGroupArn");
        List<TargetHealth> health = targets.health(arn, TargetService.parse(maps(in, "Targets")));
        return Out.obj().with("TargetHealthDescriptions", health.stream().<Object>map(h -> Out.obj()
                .with("Target", Out.obj().with("Id", h.id()).with("Port", h.port()))
                .with("HealthCheckPort", targets.healthCheckPort(arn, h.port()))
                .with("TargetHealth", Out.obj().with("State", h.state()).with("Reason", h.reason()).with("Description", h.description()))).toList());
    }
}
