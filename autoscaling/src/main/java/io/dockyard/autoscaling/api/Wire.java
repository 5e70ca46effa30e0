package io.dockyard.autoscaling.api;

import io.dockyard.autoscaling.model.Activity;
import io.dockyard.autoscaling.model.ScalableTarget;
import io.dockyard.autoscaling.model.ScalingPolicy;
import io.dockyard.autoscaling.model.ScheduledAction;
import io.dockyard.core.port.Alarming;
import io.dockyard.protocol.Out;

import java.util.List;
import java.util.Map;

/** The output shapes of Application Auto Scaling. */
final class Wire {
    private Wire() {}

    static Out target(ScalableTarget t) {
        return Out.obj().with("ServiceNamespace", t.namespace()).with("ResourceId", t.resourceId()).with("ScalableDimension", t.dimension())
                .with("MinCapacity", t.minCapacity()).with("MaxCapacity", t.maxCapacity()).with("RoleARN", t.roleArn()).with("CreationTime", t.created())
                .with("SuspendedState", Out.obj().with("DynamicScalingInSuspended", t.suspended().dynamicIn())
                        .with("DynamicScalingOutSuspended", t.suspended().dynamicOut()).with("ScheduledScalingSuspended", t.suspended().scheduled()))
                .with("ScalableTargetARN", t.arn());
    }

    static Out policy(ScalingPolicy p) {
        Out o = Out.obj().with("PolicyARN", p.arn()).with("PolicyName", p.name()).with("ServiceNamespace", p.target().namespace())
                .with("ResourceId", p.target().resourceId()).with("ScalableDimension", p.target().dimension()).with("PolicyType", p.type())
                .with("Alarms", alarms(p)).with("CreationTime", p.created());
        if (p.step() != null) {
            ScalingPolicy.Step s = p.step();
            o.with("StepScalingPolicyConfiguration", Out.obj().with("AdjustmentType", s.adjustmentType())
                    .with("StepAdjustments", s.adjustments().stream().map(a -> (Object) Out.obj().with("MetricIntervalLowerBound", a.lower())
                            .with("MetricIntervalUpperBound", a.upper()).with("ScalingAdjustment", a.scalingAdjustment())).toList())
                    .with("MinAdjustmentMagnitude", s.minAdjustmentMagnitude()).with("Cooldown", s.cooldown()).with("MetricAggregationType", s.aggregation()));
        }
        if (p.tracking() != null) {
            ScalingPolicy.Tracking t = p.tracking();
            Out cfg = Out.obj().with("TargetValue", t.targetValue());
            if (t.predefinedType() != null) {
                cfg.with("PredefinedMetricSpecification", Out.obj().with("PredefinedMetricType", t.predefinedType()).with("ResourceLabel", t.resourceLabel()));
            }
            if (t.customized() != null) cfg.with("CustomizedMetricSpecification", customized(t.customized()));
            cfg.with("ScaleOutCooldown", t.scaleOutCooldown()).with("ScaleInCooldown", t.scaleInCooldown()).with("DisableScaleIn", t.disableScaleIn());
            o.with("TargetTrackingScalingPolicyConfiguration", cfg);
        }
        return o;
    }

    static List<Object> alarms(ScalingPolicy p) {
        return p.alarms().stream().map(a -> (Object) Out.obj().with("AlarmName", a.name()).with("AlarmARN", a.arn())).toList();
    }

    private static Out customized(ScalingPolicy.Customized c) {
        if (!c.metrics().isEmpty()) {
            return Out.obj().with("Metrics", c.metrics().stream().map(q -> (Object) Out.obj().with("Id", q.id()).with("Expression", q.expression())
                    .with("Label", q.label()).with("ReturnData", q.returnData())
                    .with("MetricStat", q.metric() == null ? null : Out.obj().with("Metric", metric(q.metric())).with("Stat", q.metric().stat())
                            .with("Unit", q.metric().unit()))).toList());
        }
        return Out.obj().with("MetricName", c.metricName()).with("Namespace", c.namespace()).with("Dimensions", dimensions(c.dimensions()))
                .with("Statistic", c.statistic()).with("Unit", c.unit());
    }

    private static Out metric(Alarming.MetricStat m) {
        return Out.obj().with("Namespace", m.namespace()).with("MetricName", m.metricName()).with("Dimensions", dimensions(m.dimensions()));
    }

    private static List<Object> dimensions(Map<String, String> d) {
        return d.entrySet().stream().map(e -> (Object) Out.obj().with("Name", e.getKey()).with("Value", e.getValue())).toList();
    }

    static Out scheduled(ScheduledAction a) {
        Out action = Out.obj().with("MinCapacity", a.minCapacity()).with("MaxCapacity", a.maxCapacity());
        return Out.obj().with("ScheduledActionName", a.name()).with("ScheduledActionARN", a.arn()).with("ServiceNamespace", a.target().namespace())
                .with("Schedule", a.schedule()).with("Timezone", a.timezone()).with("ResourceId", a.target().resourceId())
                .with("ScalableDimension", a.target().dimension()).with("StartTime", a.startTime()).with("EndTime", a.endTime())
                .with("ScalableTargetAction", action).with("CreationTime", a.created());
    }

    static Out activity(Activity a) {
        return Out.obj().with("ActivityId", a.id()).with("ServiceNamespace", a.target().namespace()).with("ResourceId", a.target().resourceId())
                .with("ScalableDimension", a.target().dimension()).with("Description", a.description()).with("Cause", a.cause())
                .with("StartTime", a.start()).with("EndTime", a.end()).with("StatusCode", a.status()).with("StatusMessage", a.message())
                .with("Details", a.details());
    }
}
