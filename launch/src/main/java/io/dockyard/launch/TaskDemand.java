package io.dockyard.launch;

import io.dockyard.core.AwsException;
import io.dockyard.core.model.ContainerSpec;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinitionSpec;
import io.dockyard.core.model.TaskOverride;
import io.dockyard.scheduler.Demand;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a task needs from a container instance: the task-level cpu/memory when set (after overrides),
 * else the sum over its containers (cpu; memory = memory, else memoryReservation), plus the static
 * host ports of bridge and host mode ("8080/tcp"). awsvpc tasks hold no host ports.
 */
public final class TaskDemand {
    private TaskDemand() {}

    /** The demand of a task of this definition with these overrides (null = none). */
    public static Demand of(TaskDefinitionSpec spec, TaskOverride overrides) {
        TaskOverride given = overrides == null ? TaskOverride.NONE : overrides;
        String taskCpu = firstNonBlank(given.cpu(), spec.cpu());
        String taskMemory = firstNonBlank(given.memory(), spec.memory());
        long cpu = 0, memory = 0;
        List<String> ports = new ArrayList<>();
        for (ContainerSpec c : spec.containers()) {
            TaskOverride.Size size = given.size(c);
            cpu += size.cpu();
            Integer hard = size.memory();
            Integer soft = size.memoryReservation();
            memory += hard != null ? hard : soft != null ? soft : 0;
            for (ContainerSpec.PortMapping p : c.portMappings()) {
                int host = switch (spec.networkMode()) {
                    case "host" -> p.hostPort() != null && p.hostPort() != 0 ? p.hostPort() : p.containerPort();
                    case "bridge" -> p.hostPort() == null ? 0 : p.hostPort();
                    default -> 0;
                };
                if (host != 0) ports.add(host + "/" + (p.protocol() == null ? "tcp" : p.protocol().toLowerCase(Locale.ROOT)));
            }
        }
        if (taskCpu != null) cpu = cpuUnits(taskCpu);
        if (taskMemory != null) memory = memoryMiB(taskMemory);
        return new Demand(cpu, memory, ports);
    }

    /** The demand of an existing task (its definition and the overrides it was started with). */
    public static Demand of(Task task, TaskDefinitionSpec spec) { return of(spec, task.overrides()); }

    /** CPU units from "1024", "1 vCPU" or "0.5 vcpu". */
    public static long cpuUnits(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("vcpu")) return Math.round(Double.parseDouble(v.substring(0, v.length() - 4).trim()) * 1024);
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw AwsException.client("Invalid 'cpu' setting for task.");
        }
    }

    /** Memory in MiB from "512", "2GB" or "2 gb". */
    public static long memoryMiB(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("gb")) return Math.round(Double.parseDouble(v.substring(0, v.length() - 2).trim()) * 1024);
            if (v.endsWith("mb")) return Long.parseLong(v.substring(0, v.length() - 2).trim());
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw AwsException.client("Invalid 'memory' setting for task.");
        }
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) return a;
        return b != null && !b.isBlank() ? b : null;
    }
}
