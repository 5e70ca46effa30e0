package io.dockyard.autoscaling.api;

import io.dockyard.protocol.JsonInput;
import io.dockyard.autoscaling.model.ScalableTarget;
import io.dockyard.autoscaling.model.TargetKey;
import io.dockyard.autoscaling.scaling.Scaler;
import io.dockyard.autoscaling.scaling.TrackingAlarms;
import io.dockyard.autoscaling.state.ScalingState;
import io.dockyard.core.AwsException;
import io.dockyard.core.port.Alarming;
import io.dockyard.core.port.DesiredCounts;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What every operation shares: the state, the scaler, the alarms and services it acts on, and the
 * reading of the (namespace, resource id, dimension) triple. Dockyard scales ECS services: the other
 * namespaces of the API are valid names that answer "unsupported".
 */
public record Api(ScalingState state, Scaler scaler, Alarming alarms, DesiredCounts services, TrackingAlarms tracking, Clock clock) {

    static final Set<String> NAMESPACES = Set.of("ecs", "elasticmapreduce", "ec2", "appstream", "dynamodb", "rds", "sagemaker", "custom-resource",
            "comprehend", "lambda", "cassandra", "kafka", "elasticache", "neptune", "workspaces");
    static final String ECS_DIMENSION = "ecs:service:DesiredCount";

    /** The namespace member, checked: any of the API's namespaces is valid input, ECS alone is supported here. */
    static String namespace(JsonInput in) {
        String ns = in.required("ServiceNamespace");
        if (!NAMESPACES.contains(ns)) {
            throw Errors.invalid("1 validation error detected: Value '" + ns + "' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: "
                    + NAMESPACES.stream().sorted().toList());
        }
        if (!"ecs".equals(ns)) throw Errors.invalid("Unsupported service namespace: " + ns + ". Dockyard scales ECS services (ecs).");
        return ns;
    }

    static String dimension(JsonInput in, boolean required) {
        String d = required ? in.required("ScalableDimension") : in.str("ScalableDimension");
        if (d != null && !ECS_DIMENSION.equals(d)) throw Errors.invalid("Unsupported scalable dimension for service namespace ecs: " + d);
        return d;
    }

    static String resourceId(String id) {
        String[] parts = id.split("/", -1);
        if (parts.length != 3 || !"service".equals(parts[0]) || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw Errors.invalid("Unsupported resource ID for service namespace ecs: " + id + ". Use service/<cluster>/<service>.");
        }
        return id;
    }

    /** The target a request names (all three members required). */
    static TargetKey key(JsonInput in) {
        String ns = namespace(in);
        String id = resourceId(in.required("ResourceId"));
        return new TargetKey(ns, id, dimension(in, true));
    }

    /** The registered target a request names, or ObjectNotFoundException. */
    ScalableTarget registered(TargetKey k) {
        ScalableTarget t = state.target(k);
        if (t == null) {
            throw Errors.notFound("No scalable target registered for service namespace: " + k.namespace() + ", resource ID: " + k.resourceId()
                    + ", scalable dimension: " + k.dimension());
        }
        return t;
    }

    /** A page of a list; MaxResults 1–50 (default 50). */
    static <T> Out page(List<T> all, JsonInput in, String member, Function<T, Object> wire) {
        Integer max = in.integer("MaxResults");
        if (max != null && (max < 1 || max > 50)) {
            throw Errors.invalid("1 validation error detected: Value '" + max + "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 50");
        }
        Pages<T> page = Pages.slice(all, max == null ? 50 : max, in.str("NextToken"),
                () -> new AwsException("InvalidNextTokenException", 400, "Invalid token."));
        return Out.obj().with(member, page.items().stream().map(wire).toList()).with("NextToken", page.nextToken());
    }
}
