package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;
import io.dockyard.launch.Clusters;
import io.dockyard.scheduler.Demand;

import java.util.List;
import java.util.Optional;

/** Reads over a cluster's tasks for the API: tasks on an instance, demands of placed tasks (see {@link Clusters}). */
public final class ClusterTasks {
    private ClusterTasks() {}

    /** Tasks not STOPPED on one container instance. */
    public static List<Task> activeOn(Ecs ecs, String containerInstanceArn) {
        return ecs.store().list(Kinds.TASKS_BY_INSTANCE, containerInstanceArn).stream().filter(Task::isActive).toList();
    }

    /** What a stored task holds on its instance (nothing when its definition is gone). */
    public static Demand demand(Ecs ecs, Task t) { return Clusters.demand(ecs.store(), t); }

    /** The stored task definition behind a task definition ARN. */
    public static Optional<TaskDefinition> taskDefinition(Ecs ecs, String taskDefinitionArn) {
        return Clusters.taskDefinition(ecs.store(), taskDefinitionArn);
    }
}
