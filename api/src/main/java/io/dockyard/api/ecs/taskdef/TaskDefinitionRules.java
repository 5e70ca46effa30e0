package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validation ECS applies to RegisterTaskDefinition: task-level members here, each container in
 * {@link ContainerRules}, references between containers in {@link ContainerGraph}, Fargate's
 * constraints in {@link FargateRules}. Every failure is the ECS error; nothing is stored.
 */
public final class TaskDefinitionRules {
    static final List<String> NETWORK_MODES = List.of("bridge", "host", "awsvpc", "none");
    static final List<String> COMPATIBILITIES = List.of("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES");

    private TaskDefinitionRules() {}

    /** Throws the ECS error for the first rule the document breaks. */
    public static void validate(Map<String, Object> doc) {
        String family = Doc.str(doc, "family");
        Checks.require(family != null && !family.isEmpty(), "Family cannot be blank.");
        Checks.require(Checks.NAME.matcher(family).matches(), "Family contains invalid characters. " + Checks.NAME_RULE);
        String mode = Checks.oneOf(doc, "networkMode", NETWORK_MODES, "");
        Checks.oneOf(doc, "pidMode", List.of("host", "task"), "");
        Checks.oneOf(doc, "ipcMode", List.of("host", "task", "none"), "");
        List<String> requires = Doc.strings(doc, "requiresCompatibilities");
        for (String c : requires) {
            Checks.require(COMPATIBILITIES.contains(c), "Invalid 'requiresCompatibilities' value '" + c + "'. Valid values: " + String.join(", ", COMPATIBILITIES) + ".");
        }
        Integer cpu = taskCpu(doc);
        Integer memory = taskMemory(doc);
        if (requires.contains("FARGATE")) FargateRules.check(doc);

        List<Map<String, Object>> containers = Doc.maps(doc, "containerDefinitions");
        Checks.require(!containers.isEmpty(), "Container list cannot be empty.");
        Checks.require(containers.size() <= 10, "Too many containers: " + containers.size() + ". A task definition can have at most 10 containers.");
        Set<String> volumes = TaskLevelRules.volumes(doc);
        TaskContext task = new TaskContext(mode == null ? "bridge" : mode, cpu, memory, volumes,
                Doc.str(doc, "executionRoleArn") != null && !Doc.str(doc, "executionRoleArn").isEmpty());
        for (Map<String, Object> c : containers) ContainerRules.validate(c, task);
        ContainerGraph.validate(containers, task);
        TaskLevelRules.validate(doc, containers, task);

        if (requires.contains("EXTERNAL")) {
            Checks.require(!"awsvpc".equals(task.networkMode()), "Network mode 'awsvpc' is not supported for the EXTERNAL launch type.");
        }
        if (requires.contains("MANAGED_INSTANCES")) {
            Checks.require("awsvpc".equals(task.networkMode()) || "host".equals(task.networkMode()),
                    "Network mode '" + task.networkMode() + "' is not supported for the MANAGED_INSTANCES launch type.");
        }
        Set<String> seen = new HashSet<>();
        for (String c : requires) Checks.require(seen.add(c), "Duplicate 'requiresCompatibilities' value '" + c + "'.");
    }

    private static Integer taskCpu(Map<String, Object> doc) {
        String s = Doc.str(doc, "cpu");
        if (s == null) return null;
        Integer cpu = TaskSize.cpu(s);
        if (cpu == null || cpu < 128 || cpu > 196608) {
            throw AwsException.client("Invalid 'cpu' setting for task. Task cpu must be between 128 and 196608 CPU units (or 0.125 to 192 vCPU). Value: " + s + ".");
        }
        return cpu;
    }

    private static Integer taskMemory(Map<String, Object> doc) {
        String s = Doc.str(doc, "memory");
        if (s == null) return null;
        Integer memory = TaskSize.memory(s);
        if (memory == null || memory < 6) {
            throw AwsException.client("Invalid 'memory' setting for task. Task memory must be at least 6 MiB, in MiB or GB (for example 1024 or 1 GB). Value: " + s + ".");
        }
        return memory;
    }

    /** What container checks need to know about the task. */
    record TaskContext(String networkMode, Integer cpu, Integer memory, Set<String> volumes, boolean executionRole) {
        boolean awsvpc() { return "awsvpc".equals(networkMode); }
    }
}
