package io.dockyard.loadbalancer;

import io.dockyard.core.port.MetricSink;
import io.dockyard.loadbalancer.dataplane.DataPlane;
import io.dockyard.loadbalancer.dataplane.LbCounters;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes CloudWatch's AWS/ApplicationELB metrics from what the data plane counted: RequestCount,
 * HTTPCode_Target_2XX…5XX_Count, HTTPCode_ELB_3XX…5XX_Count and TargetResponseTime by LoadBalancer and
 * by LoadBalancer+TargetGroup, RequestCountPerTarget by TargetGroup, and HealthyHostCount /
 * UnHealthyHostCount by LoadBalancer+TargetGroup. Dimension values as AWS writes them
 * ({@code app/name/id}, {@code targetgroup/name/id}).
 */
final class AlbMetrics {
    static final String NS = "AWS/ApplicationELB";

    private final DataPlane dataPlane;
    private final MetricSink sink;
    private final Clock clock;
    /** The load balancers each target group served requests for (for health by LoadBalancer+TargetGroup). */
    private final Map<String, String> groupBalancer = new HashMap<>();

    AlbMetrics(DataPlane dataPlane, MetricSink sink, Clock clock) {
        this.dataPlane = dataPlane;
        this.sink = sink;
        this.clock = clock;
    }

    void round() {
        Instant at = clock.instant();
        Map<String, Map<String, Double>> byBalancer = new HashMap<>();
        Map<String, List<io.dockyard.loadbalancer.TargetHealth>> health = dataPlane.healthByGroup();
        for (LbCounters.Snapshot s : dataPlane.counters().drain()) {
            String lb = dimension(s.key().loadBalancerArn(), "loadbalancer/");
            if (lb == null) continue;
            Map<String, Double> lbSums = byBalancer.computeIfAbsent(lb, k -> new HashMap<>());
            lbSums.merge("RequestCount", (double) s.requests(), Double::sum);
            for (int i = 2; i <= 5; i++) {
                lbSums.merge("HTTPCode_Target_" + i + "XX_Count", (double) s.targetCodes()[i], Double::sum);
                if (i >= 3) lbSums.merge("HTTPCode_ELB_" + i + "XX_Count", (double) s.elbCodes()[i], Double::sum);
            }
            if (s.responses() > 0) {
                sink.putSet(NS, "TargetResponseTime", Map.of("LoadBalancer", lb), at, s.responses(), s.responseSeconds(), s.minSeconds(), s.maxSeconds(), "Seconds");
            }
            if (s.key().targetGroupArn() == null) continue;
            String tg = dimension(s.key().targetGroupArn(), "");
            groupBalancer.put(s.key().targetGroupArn(), lb);
            Map<String, String> both = Map.of("LoadBalancer", lb, "TargetGroup", tg);
            sink.put(NS, "RequestCount", both, at, s.requests(), "Count");
            for (int i = 2; i <= 5; i++) sink.put(NS, "HTTPCode_Target_" + i + "XX_Count", both, at, s.targetCodes()[i], "Count");
            if (s.responses() > 0) sink.putSet(NS, "TargetResponseTime", both, at, s.responses(), s.responseSeconds(), s.minSeconds(), s.maxSeconds(), "Seconds");
            long healthy = health.getOrDefault(s.key().targetGroupArn(), List.of()).stream().filter(io.dockyard.loadbalancer.TargetHealth::healthy).count();
            sink.put(NS, "RequestCountPerTarget", Map.of("TargetGroup", tg), at, (double) s.requests() / Math.max(1, healthy), "Count");
            sink.put(NS, "RequestCountPerTarget", both, at, (double) s.requests() / Math.max(1, healthy), "Count");
        }
        byBalancer.forEach((lb, sums) -> sums.forEach((name, v) -> sink.put(NS, name, Map.of("LoadBalancer", lb), at, v, "Count")));
        health.forEach((tgArn, targets) -> {
            String lb = groupBalancer.get(tgArn);
            if (lb == null) return;
            Map<String, String> both = Map.of("LoadBalancer", lb, "TargetGroup", dimension(tgArn, ""));
            long healthy = targets.stream().filter(io.dockyard.loadbalancer.TargetHealth::healthy).count();
            long unhealthy = targets.stream().filter(t -> "unhealthy".equals(t.state())).count();
            sink.put(NS, "HealthyHostCount", both, at, healthy, "Count");
            sink.put(NS, "UnHealthyHostCount", both, at, unhealthy, "Count");
        });
    }

    /** The part of an ARN after its resource type's colon: {@code app/name/id}, {@code targetgroup/name/id}. */
    static String dimension(String arn, String strip) {
        if (arn == null) return null;
        String resource = arn.substring(arn.lastIndexOf(':') + 1);
        return strip.isEmpty() ? resource : resource.startsWith(strip) ? resource.substring(strip.length()) : resource;
    }
}
