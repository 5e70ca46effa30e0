package io.dockyard.autoscaling.scaling;

import io.dockyard.autoscaling.model.ScalingPolicy;
import io.dockyard.autoscaling.model.TargetKey;
import io.dockyard.core.port.Alarming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two alarms a target-tracking policy owns, as AWS names them ({@code TargetTracking-<resource>-AlarmHigh-<uuid>}
 * and {@code -AlarmLow-}): high above the target (1 of the last 2 periods) scales out, low under 90 % of it (5 of the
 * last 6) scales in. Periods are {@code period} seconds (AWS: 60; Dockyard's default 10, so a
 * policy reacts in seconds); a Sum or SampleCount is scaled to a per-minute figure, so target values mean what they
 * mean on AWS (ALBRequestCountPerTarget: requests per target per minute).
 */
public record TrackingAlarms(int period, int highPeriods, int highDatapoints, int lowPeriods, int lowDatapoints) {
    public static final String ECS_CPU = "ECSServiceAverageCPUUtilization", ECS_MEMORY = "ECSServiceAverageMemoryUtilization",
            ALB_REQUESTS = "ALBRequestCountPerTarget";

    public static final TrackingAlarms DEFAULT = new TrackingAlarms(10, 2, 1, 6, 5);

    public static TrackingAlarms fromEnvironment(Map<String, String> env) {
        String v = env.get("DOCKYARD_SCALING_PERIOD_SECONDS");
        if (v == null || v.isBlank()) return DEFAULT;
        int p = Integer.parseInt(v.trim());
        if (p != 10 && p != 20 && p != 30 && (p < 60 || p % 60 != 0)) throw new IllegalArgumentException("DOCKYARD_SCALING_PERIOD_SECONDS must be 10, 20, 30 or a multiple of 60");
        // AWS: 3 of 3 one-minute datapoints up, 15 of 15 down. At shorter periods: 1 of the last 2 up (a period the
        // samples' jitter left empty does not hold a scale-out back), and a minute down with one period allowed missing.
        if (p >= 60) return new TrackingAlarms(p, 3, 3, 15, 15);
        int low = Math.max(2, 60 / p);
        return new TrackingAlarms(p, 2, 1, low, low - 1);
    }

    /** The high and low alarms of {@code policy} on {@code target}, acting on {@code policyArn}. */
    public List<Alarming.Definition> alarms(TargetKey target, ScalingPolicy.Tracking cfg, String policyArn, String highName, String lowName) {
        List<Alarming.Query> queries = new ArrayList<>();
        Alarming.MetricStat single = null;
        if (cfg.customized() != null && !cfg.customized().metrics().isEmpty()) {
            // the metric statistics read at the policy's period
            for (Alarming.Query q : cfg.customized().metrics()) {
                queries.add(q.metric() == null ? q : new Alarming.Query(q.id(), q.metric(), period, null, q.label(), q.returnData()));
            }
        } else {
            single = metric(target, cfg);
            if (("Sum".equals(single.stat()) || "SampleCount".equals(single.stat())) && period < 60) {
                queries.add(new Alarming.Query("m1", single, period, null, null, false));
                queries.add(new Alarming.Query("e1", null, 0, "m1 * " + (60 / period), "per minute", true));
                single = null;
            }
        }
        String description = "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy " + policyArn + ".";
        // a count (ALB requests) is not published for a period without any: no datapoint there means zero
        boolean count = queries.stream().anyMatch(q -> q.metric() != null && ("Sum".equals(q.metric().stat()) || "SampleCount".equals(q.metric().stat())))
                || single != null && ("Sum".equals(single.stat()) || "SampleCount".equals(single.stat()));
        return List.of(
                new Alarming.Definition(highName, description, List.of(policyArn), single, single == null ? 0 : period, queries, highPeriods, highDatapoints,
                        cfg.targetValue(), "GreaterThanThreshold", count ? "notBreaching" : "missing"),
                new Alarming.Definition(lowName, description, List.of(policyArn), single, single == null ? 0 : period, queries, lowPeriods, lowDatapoints,
                        cfg.targetValue() * 0.9, "LessThanThreshold", count ? "breaching" : "missing"));
    }

    private static Alarming.MetricStat metric(TargetKey target, ScalingPolicy.Tracking cfg) {
        if (cfg.customized() != null) {
            ScalingPolicy.Customized c = cfg.customized();
            return new Alarming.MetricStat(c.namespace(), c.metricName(), c.dimensions(), c.statistic(), c.unit());
        }
        Map<String, String> service = Map.of("ClusterName", target.cluster(), "ServiceName", target.service());
        return switch (cfg.predefinedType()) {
            case ECS_CPU -> new Alarming.MetricStat("AWS/ECS", "CPUUtilization", service, "Average", null);
            case ECS_MEMORY -> new Alarming.MetricStat("AWS/ECS", "MemoryUtilization", service, "Average", null);
            case ALB_REQUESTS -> new Alarming.MetricStat("AWS/ApplicationELB", "RequestCountPerTarget",
                    Map.of("TargetGroup", cfg.resourceLabel().substring(cfg.resourceLabel().indexOf("targetgroup/"))), "Sum", null);
            default -> throw new IllegalArgumentException(cfg.predefinedType());
        };
    }
}
