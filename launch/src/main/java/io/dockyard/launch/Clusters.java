package io.dockyard.launch;

import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.scheduler.Demand;
import io.dockyard.scheduler.Snapshot;

import java.util.List;
import java.util.Optional;

/** Reads over a cluster for placement: the scheduler's snapshot, demands of placed tasks. */
public final class Clusters {
    private Clusters() {}

    /** The cluster's non-INACTIVE instances and every task not STOPPED on them, with demands. */
    public static Snapshot snapshot(Store store, String clusterArn) {
        List<ContainerInstance> instances = store.list(Kinds.INSTANCES_BY_CLUSTER, clusterArn).stream()
                .filter(i -> !"INACTIVE".equals(i.status())).toList();
        // Most tasks of a cluster share a few definitions: their demand is worked out once per definition (without overrides).
        java.util.Map<String, Demand> byDefinition = new java.util.HashMap<>();
        List<Snapshot.Placed> placed = new java.util.ArrayList<>();
        for (Task t : store.list(Kinds.TASKS_BY_CLUSTER, clusterArn)) {
            if (!t.isActive() || t.containerInstanceArn() == null) continue;
            Demand d = t.overrides() == null ? byDefinition.computeIfAbsent(t.taskDefinitionArn(), arn -> demand(store, t)) : demand(store, t);
            placed.add(new Snapshot.Placed(t, d));
        }
        return new Snapshot(instances, placed);
    }

    /**
     * The given instances of the cluster (those still in it and not INACTIVE) and the tasks not STOPPED on them: what a
     * plan touching only these instances is checked against.
     */
    static Snapshot snapshot(Store store, String clusterArn, java.util.Collection<String> instanceArns) {
        List<ContainerInstance> instances = new java.util.ArrayList<>();
        List<Snapshot.Placed> placed = new java.util.ArrayList<>();
        for (String arn : instanceArns) {
            store.get(Kinds.CONTAINER_INSTANCE, arn).filter(i -> i.clusterArn().equals(clusterArn) && !"INACTIVE".equals(i.status())).ifPresent(i -> {
                instances.add(i);
                for (Task t : store.list(Kinds.TASKS_BY_INSTANCE, arn)) if (t.isActive()) placed.add(new Snapshot.Placed(t, demand(store, t)));
            });
        }
        return new Snapshot(instances, placed);
    }

    /** One instance and the tasks not STOPPED on it. */
    static Snapshot snapshot(Store store, ContainerInstance instance) {
        List<Snapshot.Placed> placed = store.list(Kinds.TASKS_BY_INSTANCE, instance.arn()).stream().filter(Task::isActive).map(t -> new Snapshot.Placed(t, demand(store, t))).toList();
        return new Snapshot(List.of(instance), placed);
    }

    /** Throws ClusterNotFoundException unless the cluster is ACTIVE or PROVISIONING (a launch checks it in its transaction). */
    static void requireActive(Store store, String clusterArn) {
        cluster(store, clusterArn).filter(c -> "ACTIVE".equals(c.status()) || "PROVISIONING".equals(c.status()))
                .orElseThrow(AwsException::clusterNotFound);
    }

    /** The stored cluster of an ARN, if any. */
    public static Optional<Cluster> cluster(Store store, String clusterArn) {
        return store.get(Kinds.CLUSTER, Arns.clusterName(clusterArn));
    }

    /** What a stored task holds on its instance (nothing when its definition is gone). */
    public static Demand demand(Store store, Task t) {
        return taskDefinition(store, t.taskDefinitionArn())
                .map(td -> TaskDemand.of(t, td.spec()))
                .orElse(new Demand(0, 0, List.of()));
    }

    /** The stored task definition behind a task definition ARN (or a daemon task definition's). */
    public static Optional<TaskDefinition> taskDefinition(Store store, String taskDefinitionArn) {
        String r = Arns.resource(taskDefinitionArn).orElse("");
        if (r.startsWith("daemon-task-definition/")) return store.get(Kinds.DAEMON_TASK_DEFINITION, r.substring("daemon-task-definition/".length()));
        if (!r.startsWith("task-definition/")) return Optional.empty();
        return store.get(Kinds.TASK_DEFINITION, r.substring("task-definition/".length()));
    }
}
