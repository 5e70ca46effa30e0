package io.dockyard.api.ecs.taskset;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskSet;
import io.dockyard.core.port.Kinds;
import io.dockyard.launch.Networks;
import io.dockyard.protocol.Out;

import java.util.List;
import java.util.Map;

/** TaskSet → its ECS structure; counts derived from the task set's tasks. */
public final class TaskSetShapes {
    private TaskSetShapes() {}

    /** The service's task sets (PRIMARY first, then newest first), as DescribeServices lists them. */
    public static List<Out> of(Ecs ecs, Service s) {
        List<Task> tasks = ecs.store().list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(s.clusterArn(), s.group()));
        return ecs.store().list(Kinds.TASK_SETS_BY_SERVICE, s.arn()).stream()
                .sorted(java.util.Comparator.comparing((TaskSet t) -> !t.isPrimary()).thenComparing(TaskSet::createdAt, java.util.Comparator.reverseOrder()))
                .map(ts -> taskSet(ts, s, tasks, false)).toList();
    }

    static Out taskSet(Ecs ecs, TaskSet ts, Service s, boolean includeTags) {
        return taskSet(ts, s, ecs.store().list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(s.clusterArn(), s.group())), includeTags);
    }

    static Out taskSet(TaskSet ts, Service s, List<Task> groupTasks, boolean includeTags) {
        List<Task> mine = groupTasks.stream().filter(t -> ts.id().equals(t.startedBy())).toList();
        long running = mine.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count();
        long pending = mine.stream().filter(Task::isPending).count();
        Out out = Out.obj()
                .with("id", ts.id())
                .with("taskSetArn", ts.arn())
                .with("serviceArn", ts.serviceArn())
                .with("clusterArn", ts.clusterArn())
                .with("startedBy", ts.startedBy())
                .with("externalId", ts.externalId())
                .with("status", ts.status())
                .with("taskDefinition", ts.taskDefinitionArn())
                .with("computedDesiredCount", ts.computedDesiredCount(s.desiredCount()))
                .with("pendingCount", pending)
                .with("runningCount", running)
                .with("createdAt", ts.createdAt())
                .with("updatedAt", ts.updatedAt())
                .with("launchType", ts.launchType())
                .with("capacityProviderStrategy", ts.capacityProviderStrategy() == null || ts.capacityProviderStrategy().isEmpty() ? null : ts.capacityProviderStrategy())
                .with("platformVersion", ts.platformVersion())
                .with("networkConfiguration", Networks.wire(ts.networkConfiguration()))
                .with("loadBalancers", ts.loadBalancers())
                .with("serviceRegistries", ts.serviceRegistries())
                .with("scale", Map.of("value", ts.scale(), "unit", "PERCENT"))
                .with("stabilityStatus", ts.stabilityStatus())
                .with("stabilityStatusAt", ts.stabilityStatusAt());
        if ("FARGATE".equals(ts.launchType())) out.with("platformFamily", "Linux");
        if (includeTags) out.with("tags", Tags.wire(ts.tags()));
        return out;
    }
}
