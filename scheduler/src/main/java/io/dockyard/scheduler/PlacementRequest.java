package io.dockyard.scheduler;

import java.util.List;
import java.util.Map;

/**
 * Place {@code count} tasks of one demand. {@code constraints} and {@code strategy} are the ECS
 * placementConstraints / placementStrategy structures as sent; {@code group} is the task group
 * (ECS: {@code service:<name>} for service tasks, {@code family:<family>} by default for RunTask).
 * An empty strategy means the RunTask default (random); services pass
 * {@link #SERVICE_DEFAULT_STRATEGY} when they have none. {@code seed}, when set, makes random
 * choices repeatable.
 */
public record PlacementRequest(Demand demand, int count, String group, String family,
                               List<Map<String, Object>> constraints, List<Map<String, Object>> strategy, Long seed) {

    /** What ECS services use without a placementStrategy: spread over Availability Zones, then over instances. */
    public static final List<Map<String, Object>> SERVICE_DEFAULT_STRATEGY = List.of(
            Map.of("type", "spread", "field", "attribute:ecs.availability-zone"),
            Map.of("type", "spread", "field", "instanceId"));

    public PlacementRequest {
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        strategy = strategy == null ? List.of() : List.copyOf(strategy);
    }

    /** A request without a seed. */
    public PlacementRequest(Demand demand, int count, String group, String family,
                            List<Map<String, Object>> constraints, List<Map<String, Object>> strategy) {
        this(demand, count, group, family, constraints, strategy, null);
    }

    /** The same request with random choices drawn from {@code seed}. */
    public PlacementRequest withSeed(long seed) {
        return new PlacementRequest(demand, count, group, family, constraints, strategy, seed);
    }

    /** The same request with another count. */
    public PlacementRequest withCount(int n) {
        return new PlacementRequest(demand, n, group, family, constraints, strategy, seed);
    }

    /** The task group, or {@code family:<family>} (the ECS default) when none is set. */
    public String effectiveGroup() {
        return group != null ? group : "family:" + family;
    }
}
