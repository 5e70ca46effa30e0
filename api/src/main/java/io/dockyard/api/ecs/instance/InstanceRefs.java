package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.task.TaskRefs;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;

import java.util.Optional;

/** Container instances named by ARN or id within a cluster. */
final class InstanceRefs {
    private InstanceRefs() {}

    static String arn(Cluster cluster, String ref) { return TaskRefs.containerInstanceArn(cluster, ref); }

    /** The instance (any status but INACTIVE) of the cluster. */
    static Optional<ContainerInstance> find(Ecs ecs, Cluster cluster, String ref) {
        return ecs.store().get(Kinds.CONTAINER_INSTANCE, arn(cluster, ref))
                .filter(i -> i.clusterArn().equals(cluster.arn()) && !"INACTIVE".equals(i.status()));
    }
}
