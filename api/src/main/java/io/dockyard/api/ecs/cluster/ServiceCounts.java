package io.dockyard.api.ecs.cluster;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.port.Kinds;

/** Services of a cluster that count as active (ACTIVE or still DRAINING). */
final class ServiceCounts {
    private ServiceCounts() {}

    static long active(Ecs ecs, Cluster c) {
        return ecs.store().list(Kinds.SERVICES_BY_CLUSTER, c.arn()).stream().filter(s -> !"INACTIVE".equals(s.status())).count();
    }
}
