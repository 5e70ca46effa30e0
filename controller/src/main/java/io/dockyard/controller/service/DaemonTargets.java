package io.dockyard.controller.service;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
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
        return DaemonPlacement.eligible(new Snapshot(instancesOf(store, s), List.of()), request(s));
    }

    /** The service's live tasks on instances that no longer satisfy one of its memberOf constraints (ECS stops them). */
    static List<Task> strays(Store store, Service s, List<Task> tasks) {
        List<Snapshot.Placed> placed = tasks.stream().filter(t -> t.isActive() && t.containerInstanceArn() != null)
                .map(t -> new Snapshot.Placed(t, NOTHING)).toList();
        return DaemonPlacement.strays(new Snapshot(instancesOf(store, s), placed), request(s));
    }

    private static final Demand NOTHING = new Demand(0, 0, List.of());

    private static List<ContainerInstance> instancesOf(Store store, Service s) {
        return store.list(Kinds.INSTANCES_BY_CLUSTER, s.clusterArn());
    }

    private static PlacementRequest request(Service s) {
        return new PlacementRequest(NOTHING, 0, s.group(), null, s.placementConstraints(), List.of());
    }
}
