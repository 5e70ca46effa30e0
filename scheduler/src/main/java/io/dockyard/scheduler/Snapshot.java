package io.dockyard.scheduler;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;

import java.util.List;

/**
 * A read-only view of one cluster for the scheduler: its container instances and the tasks that
 * hold resources on them (every task not yet STOPPED), with each task's demand.
 */
public record Snapshot(List<ContainerInstance> instances, List<Placed> tasks) {

    /** A task holding resources on an instance. */
    public record Placed(Task task, Demand demand) {}

    public Snapshot {
        instances = List.copyOf(instances);
        tasks = List.copyOf(tasks);
    }
}
