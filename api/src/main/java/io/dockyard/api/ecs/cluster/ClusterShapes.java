package io.dockyard.api.ecs.cluster;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.protocol.Out;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cluster → the ECS Cluster structure, with counts derived from tasks and instances. */
final class ClusterShapes {
    private ClusterShapes() {}

    static Out cluster(Ecs ecs, Cluster c, Set<String> include) {
        List<Task> tasks = "INACTIVE".equals(c.status()) ? List.of() : ecs.store().list(Kinds.TASKS_BY_CLUSTER, c.arn()).stream().filter(Task::isActive).toList();
        long running = tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count();
        long pending = tasks.stream().filter(t -> "PENDING".equals(t.lastStatus()) || "PROVISIONING".equals(t.lastStatus()) || "ACTIVATING".equals(t.lastStatus())).count();
        long instances = "INACTIVE".equals(c.status()) ? 0 : ecs.store().list(Kinds.CONTAINER_INSTANCE, i -> i.clusterArn().equals(c.arn()) && !"INACTIVE".equals(i.status())).size();
        long services = "INACTIVE".equals(c.status()) ? 0 : ServiceCounts.active(ecs, c);
        Out out = Out.obj()
                .with("clusterArn", c.arn())
                .with("clusterName", c.name())
                .with("configuration", c.configuration())
                .with("status", c.status())
                .with("registeredContainerInstancesCount", instances)
                .with("runningTasksCount", running)
                .with("pendingTasksCount", pending)
                .with("activeServicesCount", services);
        if (include.contains("STATISTICS")) {
            out.with("statistics", List.of(
                    stat("runningEC2TasksCount", tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus()) && "EC2".equals(t.launchType())).count()),
                    stat("runningFargateTasksCount", tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus()) && "FARGATE".equals(t.launchType())).count()),
                    stat("pendingEC2TasksCount", tasks.stream().filter(t -> "PENDING".equals(t.lastStatus()) && "EC2".equals(t.launchType())).count()),
                    stat("pendingFargateTasksCount", tasks.stream().filter(t -> "PENDING".equals(t.lastStatus()) && "FARGATE".equals(t.launchType())).count()),
                    stat("activeEC2ServiceCount", services),
                    stat("activeFargateServiceCount", 0),
                    stat("drainingEC2ServiceCount", 0),
                    stat("drainingFargateServiceCount", 0)));
        } else {
            out.with("statistics", List.of());
        }
        if (include.contains("TAGS")) out.with("tags", Tags.wire(c.tags()));
        out.with("settings", c.settings());
        out.with("capacityProviders", c.capacityProviders())
           .with("defaultCapacityProviderStrategy", c.defaultCapacityProviderStrategy());
        if (include.contains("ATTACHMENTS")) out.with("attachments", List.of());
        out.with("serviceConnectDefaults", c.serviceConnectDefaults());
        return out;
    }

    private static Map<String, Object> stat(String name, long value) {
        return Map.of("name", name, "value", Long.toString(value));
    }
}
