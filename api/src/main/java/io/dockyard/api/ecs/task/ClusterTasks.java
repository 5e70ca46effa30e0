package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.Arns;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;
import io.dockyard.scheduler.Demand;
import io.dockyard.scheduler.Snapshot;

import java.util.List;
import java.util.Optional;

/** Reads over a cluster's tasks and instances: the scheduler's snapshot, demands of placed tasks. */
public final class ClusterTasks {
    private ClusterTasks() {}

    /** The cluster's non-INACTIVE instances and every task not STOPPED on them, with demands. */
    public static Snapshot snapshot(Ecs ecs, Cluster cluster) {
        List<ContainerInstance> instances = ecs.store().list(Kinds.CONTAINER_INSTANCE,
                i -> i.clusterArn().equals(cluster.arn()) && !"INACTIVE".equals(i.status()));
        List<Snapshot.Placed> placed = ecs.store().list(Kinds.TASK,
                        t -> t.clusterArn().equals(cluster.arn()) && t.isActive() && t.containerInstanceArn() != null)
                .stream().map(t -> new Snapshot.Placed(t, demand(ecs, t))).toList();
        return new Snapshot(instances, placed);
    }

    /** Tasks not STOPPED on one container instance. */
    public static List<Task> activeOn(Ecs ecs, String containerInstanceArn) {
        return ecs.store().list(Kinds.TASK, t -> containerInstanceArn.equals(t.containerInstanceArn()) && t.isActive());
    }

    /** What a stored task holds on its instance (nothing when its definition is gone). */
    public static Demand demand(Ecs ecs, Task t) {
        return taskDefinition(ecs, t.taskDefinitionArn())
                .map(td -> TaskDemand.of(t, td.spec()))
                .orElse(new Demand(0, 0, List.of()));
    }

    /** The stored task definition behind a task definition ARN. */
    public static Optional<TaskDefinition> taskDefinition(Ecs ecs, String taskDefinitionArn) {
        String r = Arns.resource(taskDefinitionArn).orElse("");
        if (!r.startsWith("task-definition/")) return Optional.empty();
        return ecs.store().get(Kinds.TASK_DEFINITION, r.substring("task-definition/".length()));
    }
}
