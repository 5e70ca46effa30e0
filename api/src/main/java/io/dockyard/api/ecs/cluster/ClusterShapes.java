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
        boolean inactive = "INACTIVE".equals(c.status());
        // One pass over the cluster's tasks (its index bucket), counting what the structure reports.
        long running = 0, pending = 0, runningEc2 = 0, runningFargate = 0, pendingEc2 = 0, pendingFargate = 0;
        for (Task t : inactive ? List.<Task>of() : ecs.store().list(Kinds.TASKS_BY_CLUSTER, c.arn())) {
            if (!t.isActive()) continue;
            String status = t.lastStatus();
            boolean ec2 = "EC2".equals(t.launchType()), fargate = "FARGATE".equals(t.launchType());
            if ("RUNNING".equals(status)) {
                running++;
                if (ec2) runningEc2++;
                if (fargate) runningFargate++;
            } else if ("PENDING".equals(status) || "PROVISIONING".equals(status) || "ACTIVATING".equals(status)) {
                pending++;
                if ("PENDING".equals(status) && ec2) pendingEc2++;
                if ("PENDING".equals(status) && fargate) pendingFargate++;
            }
        }
        long instances = inactive ? 0 : ecs.store().list(Kinds.INSTANCES_BY_CLUSTER, c.arn()).stream().filter(i -> !"INACTIVE".equals(i.status())).count();
        long services = inactive ? 0 : ServiceCounts.active(ecs, c);
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
                    stat("runningEC2TasksCount", runningEc2),
                    stat("runningFargateTasksCount", runningFargate),
                    stat("pendingEC2TasksCount", pendingEc2),
                    stat("pendingFargateTasksCount", pendingFargate),
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
