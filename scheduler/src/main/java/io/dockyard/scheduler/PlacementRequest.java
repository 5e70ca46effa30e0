package io.dockyard.scheduler;

import java.util.List;
import java.util.Map;

/**
 * Place {@code count} tasks of one demand. {@code constraints} and {@code strategy} are the ECS
 * placementConstraints / placementStrategy structures as sent; {@code group} is the task group.
 */
public record PlacementRequest(Demand demand, int count, String group, String family,
                               List<Map<String, Object>> constraints, List<Map<String, Object>> strategy) {
    public PlacementRequest {
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        strategy = strategy == null ? List.of() : List.copyOf(strategy);
    }
}
