package io.dockyard.agent;

import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinitionSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Docker-side shape of one task: its containers' names and labels, the network mode it runs in,
 * its namespace holder, its volumes' sources, and its task-level limits.
 */
final class TaskLayout {
    private final String agentId;
    private final String instanceArn;
    private final Task task;
    final String family;
    final String revision;
    private final String networkMode;
    private final boolean fargate;
    private final Long taskCpu;
    private final Long taskMemory;
    /** Whether the task definition (or the run's overrides) set task-level CPU or memory (else the task's size is its containers' sum). */
    private final boolean taskSized;
    private final String pidMode;
    private final String ipcMode;
    private final Map<String, String> dockerNames = new ConcurrentHashMap<>();
    private final Map<String, String> volumeSources = new ConcurrentHashMap<>();
    private volatile String pauseId;
    private final String taskRoleArn;

    TaskLayout(String agentId, String instanceArn, Task task, TaskDefinitionSpec spec, Map<String, Object> taskDefinition) {
        this.agentId = agentId;
        this.instanceArn = instanceArn;
        this.task = task;
        this.family = spec.family() != null ? spec.family() : familyFromArn(task.taskDefinitionArn());
        Object rev = taskDefinition.get("revision");
        this.revision = rev != null ? String.valueOf(rev instanceof Number n ? n.intValue() : rev) : revisionFromArn(task.taskDefinitionArn());
        this.fargate = "FARGATE".equals(task.launchType());
        this.networkMode = fargate ? "awsvpc" : spec.networkMode();
        this.taskCpu = parseLong(task.cpu() != null ? task.cpu() : spec.cpu());
        this.taskMemory = parseLong(task.memory() != null ? task.memory() : spec.memory());
        this.taskSized = fargate || spec.cpu() != null || spec.memory() != null
                || (task.overrides() != null && (task.overrides().cpu() != null || task.overrides().memory() != null));
        this.pidMode = spec.pidMode();
        this.ipcMode = spec.ipcMode();
        String role = task.overrides() != null ? task.overrides().taskRoleArn() : null;
        this.taskRoleArn = role != null ? role : taskDefinition.get("taskRoleArn") instanceof String r && !r.isBlank() ? r : null;
    }

    /** The task's IAM role (the override's, else the task definition's), or null. */
    String taskRoleArn() { return taskRoleArn; }

    /** Docker's PID mode for the task's containers: host, the namespace holder's (task), or the default (null). */
    String dockerPidMode() { return namespaceMode(pidMode); }

    /** Docker's IPC mode for the task's containers: host, none, the namespace holder's (task), or the default (null). */
    String dockerIpcMode() { return namespaceMode(ipcMode); }

    /** Whether the task needs a namespace holder: awsvpc, or pidMode/ipcMode "task". */
    boolean needsHolder() { return awsvpc() || "task".equals(pidMode) || "task".equals(ipcMode); }

    private String namespaceMode(String mode) {
        if (mode == null) return null;
        return switch (mode) {
            case "host", "none" -> mode;
            case "task" -> pauseId == null ? null : "container:" + pauseId;
            default -> null;
        };
    }

    boolean awsvpc() { return "awsvpc".equals(networkMode); }
    /** The Docker network mode for the task's containers (bridge, host, none; awsvpc joins the holder). */
    String networkMode() { return networkMode; }
    String family() { return family; }
    String revision() { return revision; }
    boolean fargate() { return fargate; }
    Long taskCpu() { return taskCpu; }
    Long taskMemory() { return taskMemory; }
    boolean taskSized() { return taskSized; }
    Task task() { return task; }
    String instanceArn() { return instanceArn; }
    String pauseId() { return pauseId; }
    void pauseId(String id) { pauseId = id; }

    /** The Docker name of a container of this task, made on first use. */
    String dockerName(String container) {
        return dockerNames.computeIfAbsent(container, c -> Labels.containerName(family, revision, c));
    }

    void knownDockerName(String container, String dockerName) { dockerNames.put(container, dockerName); }

    String volumeSource(String volume) { return volume == null ? null : volumeSources.get(volume); }
    void volumeSource(String volume, String source) { volumeSources.put(volume, source); }

    /** The labels of a container of this task ({@code container} null: the namespace holder). */
    Map<String, String> labels(String container) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put(Labels.CLUSTER, task.clusterArn() == null ? "" : task.clusterArn().substring(task.clusterArn().lastIndexOf('/') + 1));
        l.put(Labels.TASK_ARN, task.taskArn());
        l.put(Labels.CONTAINER_NAME, container == null ? Labels.PAUSE_NAME : container);
        l.put(Labels.FAMILY, family);
        l.put(Labels.REVISION, revision);
        l.put(Labels.AGENT, agentId);
        l.put(Labels.INSTANCE, instanceArn);
        if (container == null) l.put(Labels.PAUSE, "true");
        return l;
    }

    private static Long parseLong(String s) {
        if (s == null || s.isBlank()) return null;
        String v = s.trim().toLowerCase();
        try {
            if (v.endsWith("vcpu")) return (long) (Double.parseDouble(v.replace("vcpu", "").trim()) * 1024);
            if (v.endsWith("gb")) return (long) (Double.parseDouble(v.replace("gb", "").trim()) * 1024);
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String familyFromArn(String arn) {
        String tail = arn.substring(arn.lastIndexOf('/') + 1);
        return tail.contains(":") ? tail.substring(0, tail.lastIndexOf(':')) : tail;
    }

    private static String revisionFromArn(String arn) {
        return arn.contains(":") ? arn.substring(arn.lastIndexOf(':') + 1) : "1";
    }
}
