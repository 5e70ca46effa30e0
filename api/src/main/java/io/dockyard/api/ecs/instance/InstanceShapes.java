package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.api.ecs.task.ClusterTasks;
import io.dockyard.protocol.Out;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;
import io.dockyard.core.model.Task;
import io.dockyard.scheduler.Demand;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ContainerInstance → the ECS structure. Remaining resources are derived: registered minus what the
 * tasks not STOPPED on the instance hold; PORTS/PORTS_UDP list the reserved ports plus those in use.
 */
public final class InstanceShapes {
    private InstanceShapes() {}

    public static Out instance(Ecs ecs, ContainerInstance i, Set<String> include) {
        List<Task> tasks = "INACTIVE".equals(i.status()) ? List.of() : ClusterTasks.activeOn(ecs, i.arn());
        long cpu = 0, memory = 0;
        Set<String> tcp = new LinkedHashSet<>(), udp = new LinkedHashSet<>();
        for (Task t : tasks) {
            Demand d = ClusterTasks.demand(ecs, t);
            cpu += d.cpu();
            memory += d.memory();
            for (String p : d.hostPorts()) (p.endsWith("/udp") ? udp : tcp).add(p.substring(0, p.indexOf('/')));
        }
        List<Object> remaining = new ArrayList<>();
        for (Resource r : i.registeredResources()) {
            remaining.add(switch (r.name()) {
                case "CPU" -> wire(Resource.integer("CPU", r.integerValue() - cpu));
                case "MEMORY" -> wire(Resource.integer("MEMORY", r.integerValue() - memory));
                case "PORTS" -> wire(Resource.stringSet("PORTS", union(r.stringSetValue(), tcp)));
                case "PORTS_UDP" -> wire(Resource.stringSet("PORTS_UDP", union(r.stringSetValue(), udp)));
                default -> wire(r);
            });
        }
        long running = tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count();
        long pending = tasks.stream().filter(Task::isPending).count();
        Out out = Out.obj()
                .with("containerInstanceArn", i.arn())
                .with("ec2InstanceId", i.ec2InstanceId())
                .with("capacityProviderName", i.capacityProviderName())
                .with("version", i.version())
                .with("versionInfo", i.versionInfo())
                .with("remainingResources", remaining)
                .with("registeredResources", i.registeredResources().stream().map(InstanceShapes::wire).toList())
                .with("status", i.status())
                .with("statusReason", i.statusReason())
                .with("agentConnected", i.agentConnected())
                .with("runningTasksCount", running)
                .with("pendingTasksCount", pending)
                .with("attributes", i.attributes())
                .with("registeredAt", i.registeredAt())
                .with("attachments", List.of());
        if (include.contains("TAGS")) out.with("tags", Tags.wire(i.tags() == null ? List.of() : i.tags()));
        if (include.contains("CONTAINER_INSTANCE_HEALTH")) {
            String status = i.agentConnected() ? "OK" : "IMPAIRED";
            out.with("healthStatus", Map.of("overallStatus", status,
                    "details", List.of(Map.of("type", "CONTAINER_RUNTIME", "status", status, "lastUpdated", i.lastHeartbeatAt() == null ? i.registeredAt() : i.lastHeartbeatAt()))));
        }
        return out;
    }

    /** A resource as ECS renders it (every value member present). */
    static Map<String, Object> wire(Resource r) {
        Out o = Out.obj().with("name", r.name()).with("type", r.type()).with("doubleValue", 0.0).with("longValue", 0L)
                .with("integerValue", "INTEGER".equals(r.type()) ? r.integerValue() : 0L);
        if ("STRINGSET".equals(r.type())) o.with("stringSetValue", r.stringSetValue() == null ? List.of() : r.stringSetValue());
        return o;
    }

    private static List<String> union(List<String> reserved, Set<String> used) {
        Set<String> all = new LinkedHashSet<>(reserved == null ? List.of() : reserved);
        all.addAll(used);
        return List.copyOf(all);
    }
}
