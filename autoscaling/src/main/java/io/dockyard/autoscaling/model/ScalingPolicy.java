package io.dockyard.autoscaling.model;

import io.dockyard.core.port.Alarming;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A scaling policy of a scalable target: step scaling (driven by the user's alarms) or target tracking (driving alarms it owns). */
public record ScalingPolicy(String name, String arn, TargetKey target, String type, Step step, Tracking tracking, List<AlarmRef> alarms, Instant created) {
    public static final String STEP = "StepScaling", TRACKING = "TargetTrackingScaling";

    public record AlarmRef(String name, String arn) {}

    /** One step: the adjustment for breaches in [lower, upper) (null bounds are infinite). */
    public record Adjustment(Double lower, Double upper, int scalingAdjustment) {
        public boolean contains(double breach) {
            return (lower == null || breach >= lower) && (upper == null || breach < upper);
        }
    }

    public record Step(String adjustmentType, List<Adjustment> adjustments, Integer minAdjustmentMagnitude, Integer cooldown, String aggregation) {}

    /** A customized metric: one metric and statistic, or metric math. */
    public record Customized(String metricName, String namespace, Map<String, String> dimensions, String statistic, String unit,
                             List<Alarming.Query> metrics) {}

    public record Tracking(double targetValue, String predefinedType, String resourceLabel, Customized customized, Integer scaleOutCooldown,
                           Integer scaleInCooldown, boolean disableScaleIn) {}

    public boolean isTracking() { return TRACKING.equals(type); }

    /** The alarm of a target-tracking policy that asks for more capacity. */
    public String highAlarm() { return alarms.stream().map(AlarmRef::name).filter(n -> n.contains("-AlarmHigh-")).findFirst().orElse(null); }

    public String lowAlarm() { return alarms.stream().map(AlarmRef::name).filter(n -> n.contains("-AlarmLow-")).findFirst().orElse(null); }
}
