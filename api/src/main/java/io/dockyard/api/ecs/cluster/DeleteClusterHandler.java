package io.dockyard.api.ecs.cluster;

import io.dockyard.core.model.Task;
import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.agent.AgentRegistration;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.port.Kinds;

import java.util.Map;
import java.util.Set;

/**
 * DeleteCluster: refused while container instances (ClusterContainsContainerInstancesException),
 * services (ClusterContainsServicesException) or tasks (ClusterContainsTasksException) remain; the
 * cluster then stays described as INACTIVE.
 */
public final class DeleteClusterHandler extends EcsOperation {
    private static final String LOCAL_CAPACITY_VALUE = "true";

    public DeleteClusterHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String ref = Doc.str(in, "cluster");
        if (ref == null) throw AwsException.invalidParameter("cluster can not be blank.");
        Cluster deleted = ecs.store().atomically(() -> {
            Cluster c = ecs.cluster(ctx, ref);
            var instances = ecs.store().list(Kinds.INSTANCES_BY_CLUSTER, c.arn()).stream().filter(i -> !"INACTIVE".equals(i.status())).toList();
            if (instances.stream().anyMatch(i -> !LOCAL_CAPACITY_VALUE.equals(i.attribute(AgentRegistration.LOCAL_CAPACITY)))) {
                throw new AwsException("ClusterContainsContainerInstancesException", 400,
                        "The Cluster cannot be deleted while Container Instances are active or draining.");
            }
            if (ServiceCounts.active(ecs, c) > 0) {
                throw new AwsException("ClusterContainsServicesException", 400, "The Cluster cannot be deleted while Services are active.");
            }
            if (ecs.store().list(Kinds.TASKS_BY_CLUSTER, c.arn()).stream().anyMatch(Task::isActive)) {
                throw new AwsException("ClusterContainsTasksException", 400, "The Cluster cannot be deleted while Tasks are active.");
            }
            // The capacity `dockyard up` gives every cluster is not the user's to deregister: retire it with the cluster.
            instances.forEach(i -> ecs.store().put(Kinds.CONTAINER_INSTANCE, i.withStatus("INACTIVE", null)));
            Cluster inactive = c.withStatus("INACTIVE");
            ecs.store().put(Kinds.CLUSTER, inactive);
            return inactive;
        });
        return Out.obj().with("cluster", ClusterShapes.cluster(ecs, deleted, Set.of()));
    }
}
