package io.dockyard.autoscaling.api;

import io.dockyard.protocol.JsonInput;
import io.dockyard.autoscaling.model.Activity;
import io.dockyard.autoscaling.model.ScalableTarget;
import io.dockyard.autoscaling.model.ScalingPolicy;
import io.dockyard.autoscaling.model.TargetKey;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** RegisterScalableTarget, DeregisterScalableTarget, DescribeScalableTargets and DescribeScalingActivities. */
final class TargetOperations {
    private final Api api;

    TargetOperations(Api api) { this.api = api; }

    List<Operation> all() {
        return List.of(NamedOperation.of("RegisterScalableTarget", this::register), NamedOperation.of("DeregisterScalableTarget", this::deregister),
                NamedOperation.of("DescribeScalableTargets", this::describe), NamedOperation.of("DescribeScalingActivities", this::activities));
    }

    /** The service-linked role ECS scaling uses when a request names none. */
    static String defaultRole(RequestContext ctx) {
        return "arn:aws:iam::" + ctx.account() + ":role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService";
    }

    private Object register(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        TargetKey k = Api.key(in);
        Integer min = in.integer("MinCapacity"), max = in.integer("MaxCapacity");
        if (min != null && min < 0) throw Errors.invalid("MinCapacity must be greater than or equal to 0.");
        if (max != null && max < 0) throw Errors.invalid("MaxCapacity must be greater than or equal to 0.");
        JsonInput suspended = in.struct("SuspendedState");
        Map<String, String> tags = in.stringMap("Tags");
        TagOperations.check(tags);
        if (api.services().get(k.cluster(), k.service()).isEmpty()) throw Errors.invalid("ECS service doesn't exist: " + k.resourceId());
        ScalableTarget old = api.state().target(k);
        if (old == null && (min == null || max == null)) {
            throw Errors.invalid("MinCapacity and MaxCapacity must be specified when registering a new scalable target.");
        }
        int newMin = min != null ? min : old.minCapacity(), newMax = max != null ? max : old.maxCapacity();
        if (newMin > newMax) throw Errors.invalid("Minimum capacity cannot be greater than maximum capacity");
        ScalableTarget.Suspended was = old == null ? ScalableTarget.Suspended.NONE : old.suspended();
        ScalableTarget.Suspended s = suspended == null ? was : new ScalableTarget.Suspended(
                flag(suspended, "DynamicScalingInSuspended", was.dynamicIn()), flag(suspended, "DynamicScalingOutSuspended", was.dynamicOut()),
                flag(suspended, "ScheduledScalingSuspended", was.scheduled()));
        String role = in.str("RoleARN") != null ? in.str("RoleARN") : old != null ? old.roleArn() : defaultRole(ctx);
        ScalableTarget t;
        if (old == null) {
            String arn = "arn:aws:application-autoscaling:" + ctx.region() + ":" + ctx.account() + ":scalable-target/"
                    + HexFormat.of().formatHex(randomBytes(14));
            t = new ScalableTarget(k.namespace(), k.resourceId(), k.dimension(), newMin, newMax, role, api.clock().instant(), s, arn, Map.copyOf(tags));
        } else {
            Map<String, String> merged = new LinkedHashMap<>(old.tags());
            merged.putAll(tags);
            t = old.with(newMin, newMax, role, s).withTags(merged);
        }
        api.state().put(t);
        api.scaler().enforceBounds(t, api.clock().instant());
        return Out.obj().with("ScalableTargetARN", t.arn());
    }

    private static boolean flag(JsonInput in, String member, boolean was) {
        Boolean b = in.bool(member);
        return b == null ? was : b;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private Object deregister(Map<String, Object> input, RequestContext ctx) {
        TargetKey k = Api.key(new JsonInput(input));
        if (api.state().target(k) == null) {
            throw Errors.notFound("No scalable target found for service namespace: " + k.namespace() + ", resource ID: " + k.resourceId()
                    + ", scalable dimension: " + k.dimension());
        }
        for (ScalingPolicy p : api.state().remove(k)) {
            if (p.isTracking()) api.alarms().delete(p.alarms().stream().map(ScalingPolicy.AlarmRef::name).toList());
        }
        return Out.obj();
    }

    private Object describe(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String ns = Api.namespace(in);
        List<String> ids = in.strings("ResourceIds");
        if (ids.size() > 50) throw Errors.invalid("ResourceIds must have at most 50 items.");
        String dimension = Api.dimension(in, false);
        List<ScalableTarget> all = api.state().targets().stream()
                .filter(t -> t.namespace().equals(ns) && (ids.isEmpty() || ids.contains(t.resourceId())) && (dimension == null || dimension.equals(t.dimension())))
                .toList();
        return Api.page(all, in, "ScalableTargets", Wire::target);
    }

    private Object activities(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String ns = Api.namespace(in);
        String id = in.str("ResourceId");
        String dimension = Api.dimension(in, false);
        in.bool("IncludeNotScaledActivities");
        List<Activity> all = api.state().activities().stream()
                .filter(a -> a.target().namespace().equals(ns) && (id == null || id.equals(a.target().resourceId()))
                        && (dimension == null || dimension.equals(a.target().dimension())))
                .toList();
        return Api.page(all, in, "ScalingActivities", Wire::activity);
    }
}
