package io.dockyard.controller.service;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Service;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.scheduler.DaemonPlacement;
import io.dockyard.scheduler.Demand;
import io.dockyard.scheduler.PlacementRequest;
import io.dockyard.scheduler.Snapshot;

import java.util.List;

/**
 * Where a DAEMON service should run: every ACTIVE instance of its cluster whose agent is connected
 * and which satisfies the service's memberOf placement constraints (draining and leaving instances
 * drop out, joining ones come in).
 */
public class DaemonTargets {

    /** The ARNs of the instances that should hold one task of the service. */
    public List<String> instances(Store store, Service s) {
        List<ContainerInstance> instances = store.list(Kinds.CONTAINER_INSTANCE, i -> i.clusterArn().equals(s.clusterArn()));
        PlacementRequest request = new PlacementRequest(new Demand(0, 0, List.of()), 0, s.group(), null, s.placementConstraints(), List.of());
        return DaemonPlacement.eligible(new Snapshot(instances, List.of()), request);
    }
}
