package io.dockyard.autoscaling.api;

import io.dockyard.protocol.JsonInput;
import io.dockyard.autoscaling.model.ScalingPolicy;
import io.dockyard.autoscaling.model.TargetKey;
import io.dockyard.autoscaling.scaling.TrackingAlarms;
import io.dockyard.core.port.Alarming;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** PutScalingPolicy, DescribeScalingPolicies and DeleteScalingPolicy: step scaling and target tracking for ECS services. */
final class PolicyOperations {
    static final Set<String> ECS_METRICS = Set.of(TrackingAlarms.ECS_CPU, TrackingAlarms.ECS_MEMORY, TrackingAlarms.ALB_REQUESTS);
    static final Set<String> ADJUSTMENTS = Set.of("ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity");
    static final Set<String> STATISTICS = Set.of("Average", "Minimum", "Maximum", "SampleCount", "Sum");
    static final Pattern ALB_LABEL = Pattern.compile("app/[^/]+/[^/]+/targetgroup/[^/]+/[^/]+");
    static final int MAX_POLICIES = 50;

    private final Api api;

    PolicyOperations(Api api) { this.api = api; }

    List<Operation> all() {
        return List.of(NamedOperation.of("PutScalingPolicy", this::put), NamedOperation.of("DescribeScalingPolicies", this::describe),
                NamedOperation.of("DeleteScalingPolicy", this::delete));
    }

    private Object put(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = in.required("PolicyName");
        if (name.length() > 256) throw Errors.invalid("PolicyName must have length less than or equal to 256.");
        TargetKey k = Api.key(in);
        String type = in.str("PolicyType") == null ? ScalingPolicy.STEP : in.str("PolicyType");
        JsonInput stepIn = in.struct("StepScalingPolicyConfiguration"), trackIn = in.struct("TargetTrackingScalingPolicyConfiguration");
        ScalingPolicy.Step step = null;
        ScalingPolicy.Tracking tracking = null;
        switch (type) {
            case ScalingPolicy.STEP -> {
                if (stepIn == null) throw Errors.invalid("StepScalingPolicyConfiguration is required for a StepScaling policy.");
                if (trackIn != null) throw Errors.invalid("TargetTrackingScalingPolicyConfiguration is not allowed for a StepScaling policy.");
                step = step(stepIn);
            }
            case ScalingPolicy.TRACKING -> {
                if (trackIn == null) throw Errors.invalid("TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy.");
                if (stepIn != null) throw Errors.invalid("StepScalingPolicyConfiguration is not allowed for a TargetTrackingScaling policy.");
                tracking = tracking(trackIn);
            }
            case "PredictiveScaling" -> throw Errors.invalid("PredictiveScaling policies are not supported by Dockyard; use TargetTrackingScaling or StepScaling.");
            default -> throw Errors.invalid("1 validation error detected: Value '" + type
                    + "' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [PredictiveScaling, StepScaling, TargetTrackingScaling]");
        }
        api.registered(k);
        ScalingPolicy old = api.state().policy(k, name);
        if (old != null && !old.type().equals(type)) throw Errors.invalid("The policy type of " + name + " cannot change from " + old.type() + " to " + type + ".");
        if (old == null && api.state().policies().stream().filter(p -> p.target().equals(k)).count() >= MAX_POLICIES) {
            throw new io.dockyard.core.AwsException("LimitExceededException", 400, "A scalable target can have at most " + MAX_POLICIES + " scaling policies.");
        }
        String arn = old != null ? old.arn() : "arn:aws:autoscaling:" + ctx.region() + ":" + ctx.account() + ":scalingPolicy:" + UUID.randomUUID()
                + ":resource/" + k.namespace() + "/" + k.resourceId() + ":policyName/" + name;
        List<ScalingPolicy.AlarmRef> alarms = List.of();
        if (tracking != null) {
            String prefix = "arn:aws:cloudwatch:" + ctx.region() + ":" + ctx.account() + ":alarm:";
            String high = old != null ? old.highAlarm() : "TargetTracking-" + k.resourceId() + "-AlarmHigh-" + UUID.randomUUID();
            String low = old != null ? old.lowAlarm() : "TargetTracking-" + k.resourceId() + "-AlarmLow-" + UUID.randomUUID();
            for (Alarming.Definition d : api.tracking().alarms(k, tracking, arn, high, low)) api.alarms().put(d);
            alarms = List.of(new ScalingPolicy.AlarmRef(high, prefix + high), new ScalingPolicy.AlarmRef(low, prefix + low));
        }
        ScalingPolicy p = new ScalingPolicy(name, arn, k, type, step, tracking, alarms, old != null ? old.created() : api.clock().instant());
        api.state().put(p);
        return Out.obj().with("PolicyARN", arn).withNonEmpty("Alarms", Wire.alarms(p));
    }

    private static ScalingPolicy.Step step(JsonInput in) {
        String type = in.str("AdjustmentType");
        if (type == null) throw Errors.invalid("AdjustmentType is required in StepScalingPolicyConfiguration.");
        if (!ADJUSTMENTS.contains(type)) throw Errors.invalid("Invalid AdjustmentType: " + type + ". Use one of " + ADJUSTMENTS.stream().sorted().toList() + ".");
        Integer magnitude = in.integer("MinAdjustmentMagnitude");
        if (magnitude != null && !"PercentChangeInCapacity".equals(type)) {
            throw Errors.invalid("MinAdjustmentMagnitude may only be specified when AdjustmentType is PercentChangeInCapacity.");
        }
        if (magnitude != null && magnitude < 1) throw Errors.invalid("MinAdjustmentMagnitude must be at least 1.");
        Integer cooldown = in.integer("Cooldown");
        if (cooldown != null && (cooldown < 0 || cooldown > 86_400)) throw Errors.invalid("Cooldown must be between 0 and 86400 seconds.");
        String aggregation = in.str("MetricAggregationType");
        if (aggregation != null && !Set.of("Average", "Minimum", "Maximum").contains(aggregation)) {
            throw Errors.invalid("Invalid MetricAggregationType: " + aggregation + ". Use Average, Minimum or Maximum.");
        }
        List<ScalingPolicy.Adjustment> steps = new ArrayList<>();
        for (JsonInput s : in.structs("StepAdjustments")) {
            Integer adjustment = s.integer("ScalingAdjustment");
            if (adjustment == null) throw Errors.invalid("ScalingAdjustment is required in each step adjustment.");
            Double lo = s.num("MetricIntervalLowerBound"), hi = s.num("MetricIntervalUpperBound");
            if (lo == null && hi == null) throw Errors.invalid("A step adjustment must have a lower bound, an upper bound, or both.");
            if (lo != null && hi != null && lo >= hi) throw Errors.invalid("The upper bound of a step adjustment must be greater than its lower bound.");
            if ("ExactCapacity".equals(type) && adjustment < 0) throw Errors.invalid("ScalingAdjustment cannot be negative with ExactCapacity.");
            steps.add(new ScalingPolicy.Adjustment(lo, hi, adjustment));
        }
        if (steps.isEmpty()) throw Errors.invalid("StepAdjustments must have at least one step adjustment.");
        steps.sort(Comparator.comparingDouble(a -> a.lower() == null ? Double.NEGATIVE_INFINITY : a.lower()));
        for (int i = 1; i < steps.size(); i++) {
            Double prevHi = steps.get(i - 1).upper(), lo = steps.get(i).lower();
            if (prevHi == null || lo == null || prevHi > lo) throw Errors.invalid("Step adjustments cannot overlap.");
            if (prevHi < lo) throw Errors.invalid("Step adjustments cannot have gaps between them.");
        }
        return new ScalingPolicy.Step(type, List.copyOf(steps), magnitude, cooldown, aggregation);
    }

    private static ScalingPolicy.Tracking tracking(JsonInput in) {
        Double target = in.num("TargetValue");
        if (target == null) throw Errors.invalid("TargetValue is required in TargetTrackingScalingPolicyConfiguration.");
        if (!(target > 8.515920e-109 && target < 6.174194e+307)) throw Errors.invalid("TargetValue must be greater than 8.515920e-109 and less than 6.174194e+307.");
        JsonInput pre = in.struct("PredefinedMetricSpecification"), custom = in.struct("CustomizedMetricSpecification");
        if ((pre == null) == (custom == null)) {
            throw Errors.invalid("Exactly one of PredefinedMetricSpecification and CustomizedMetricSpecification must be specified.");
        }
        String predefined = null, label = null;
        ScalingPolicy.Customized customized = null;
        if (pre != null) {
            predefined = pre.required("PredefinedMetricType");
            if (!ECS_METRICS.contains(predefined)) throw Errors.invalid("Unsupported metric type " + predefined + " for service namespace ecs.");
            label = pre.str("ResourceLabel");
            if (TrackingAlarms.ALB_REQUESTS.equals(predefined)) {
                if (label == null) throw Errors.invalid("ResourceLabel is required for predefined metric type ALBRequestCountPerTarget.");
                if (!ALB_LABEL.matcher(label).matches()) {
                    throw Errors.invalid("Invalid ResourceLabel " + label + ": use app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id>.");
                }
            } else if (label != null) {
                throw Errors.invalid("ResourceLabel is only allowed for predefined metric type ALBRequestCountPerTarget.");
            }
        } else {
            customized = customized(custom);
        }
        return new ScalingPolicy.Tracking(target, predefined, label, customized, cooldown(in, "ScaleOutCooldown"), cooldown(in, "ScaleInCooldown"),
                Boolean.TRUE.equals(in.bool("DisableScaleIn")));
    }

    private static Integer cooldown(JsonInput in, String member) {
        Integer c = in.integer(member);
        if (c != null && (c < 0 || c > 86_400)) throw Errors.invalid(member + " must be between 0 and 86400 seconds.");
        return c;
    }

    private static ScalingPolicy.Customized customized(JsonInput c) {
        List<JsonInput> queries = c.structs("Metrics");
        if (!queries.isEmpty()) {
            if (c.has("MetricName") || c.has("Namespace") || c.has("Statistic") || c.has("Dimensions")) {
                throw Errors.invalid("Metrics cannot be combined with MetricName, Namespace, Dimensions or Statistic.");
            }
            List<Alarming.Query> out = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            int returning = 0;
            for (JsonInput q : queries) {
                String id = q.required("Id");
                if (!id.matches("[a-z][a-zA-Z0-9_]*")) throw Errors.invalid("Invalid metric query Id " + id + ": start with a lowercase letter; letters, digits and _.");
                if (!ids.add(id)) throw Errors.invalid("Duplicate metric query Id " + id + ".");
                JsonInput stat = q.struct("MetricStat");
                String expression = q.str("Expression");
                if ((stat == null) == (expression == null)) throw Errors.invalid("Each metric query needs exactly one of MetricStat and Expression.");
                boolean ret = q.bool("ReturnData") == null || q.bool("ReturnData");
                if (ret) returning++;
                Alarming.MetricStat metric = null;
                if (stat != null) {
                    JsonInput m = stat.struct("Metric");
                    if (m == null) throw Errors.invalid("MetricStat.Metric is required.");
                    metric = new Alarming.MetricStat(m.required("Namespace"), m.required("MetricName"), dimensions(m), stat.required("Stat"), stat.str("Unit"));
                }
                out.add(new Alarming.Query(id, metric, 0, expression, q.str("Label"), ret));
            }
            if (returning != 1) throw Errors.invalid("Exactly one metric query must return data (ReturnData true).");
            return new ScalingPolicy.Customized(null, null, Map.of(), null, null, out);
        }
        String statistic = c.required("Statistic");
        if (!STATISTICS.contains(statistic)) throw Errors.invalid("Invalid Statistic " + statistic + ". Use one of " + STATISTICS.stream().sorted().toList() + ".");
        return new ScalingPolicy.Customized(c.required("MetricName"), c.required("Namespace"), dimensions(c), statistic, c.str("Unit"), List.of());
    }

    private static Map<String, String> dimensions(JsonInput m) {
        Map<String, String> d = new LinkedHashMap<>();
        for (JsonInput x : m.structs("Dimensions")) d.put(x.required("Name"), x.required("Value"));
        return d;
    }

    private Object describe(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String ns = Api.namespace(in);
        List<String> names = in.strings("PolicyNames");
        String id = in.str("ResourceId");
        String dimension = Api.dimension(in, false);
        List<ScalingPolicy> all = api.state().policies().stream()
                .filter(p -> p.target().namespace().equals(ns) && (names.isEmpty() || names.contains(p.name())) && (id == null || id.equals(p.target().resourceId()))
                        && (dimension == null || dimension.equals(p.target().dimension())))
                .toList();
        return Api.page(all, in, "ScalingPolicies", Wire::policy);
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = in.required("PolicyName");
        TargetKey k = Api.key(in);
        ScalingPolicy p = api.state().removePolicy(k, name);
        if (p == null) {
            throw Errors.notFound("No scaling policy found for service namespace: " + k.namespace() + ", resource ID: " + k.resourceId()
                    + ", scalable dimension: " + k.dimension() + ", policy name: " + name);
        }
        if (p.isTracking()) api.alarms().delete(p.alarms().stream().map(ScalingPolicy.AlarmRef::name).toList());
        return Out.obj();
    }
}
