package io.dockyard.agent;

import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the agent has reported of one task and what it will report next: the last status sent, the
 * lifecycle timestamps, the stop cause and the task's ENI. Builds each report as a full snapshot.
 */
final class TaskState {
    private final String instanceArn;
    private final Map<String, ContainerState> containers;
    private TaskStatus reported = TaskStatus.PROVISIONING;
    private volatile TaskReport last;
    private List<Container> lastContainers;
    private String lastHealth;
    private Map<String, Object> eni;
    private String ip;
    private String stopCode;
    private String stoppedReason;
    private long sequence;
    Instant pullStartedAt;
    Instant pullStoppedAt;
    Instant startedAt;
    Instant connectivityAt;
    Instant executionStoppedAt;

    TaskState(String instanceArn, Map<String, ContainerState> containers) {
        this.instanceArn = instanceArn;
        this.containers = containers;
    }

    /** Starts from what the control plane already knows (a re-adopted task keeps its timestamps). */
    void begin(Task t) {
        reported = t.lastStatus() == null ? TaskStatus.PROVISIONING : t.status();
        pullStartedAt = t.pullStartedAt();
        pullStoppedAt = t.pullStoppedAt();
        startedAt = t.startedAt();
        connectivityAt = t.connectivityAt();
        sequence = Math.max(sequence, t.reportSequence());
    }

    void network(Map<String, Object> eni, String ip) {
        this.eni = eni;
        this.ip = ip;
    }

    boolean hasNetwork() { return eni != null; }

    void stopCause(String code, String reason) {
        if (stopCode == null && code != null) {
            stopCode = code;
            stoppedReason = reason;
        }
    }

    String stopCode() { return stopCode; }
    /** The last status reported. */
    TaskStatus reported() { return reported; }
    /** The task's own address (awsvpc), else null. */
    String ip() { return ip; }
    /** The task's ENI attachment (awsvpc), else null. */
    Map<String, Object> eni() { return eni; }
    String stoppedReason() { return stoppedReason; }

    /** Whether {@code s} (or a later state) was reported. */
    boolean reached(TaskStatus s) { return reported.ordinal() >= s.ordinal(); }

    /** Whether containers or health changed since the last report. */
    boolean changed() {
        return last != null && (!containerRecords().equals(lastContainers) || !taskHealth().equals(lastHealth));
    }

    /**
     * The report for {@code status}, or null when it would move backwards (a same-state update is allowed).
     * Each report gets a sequence above every earlier one of the task, also across agent restarts: above
     * the last one the control plane applied and at least the wall clock in microseconds.
     */
    TaskReport snapshot(Task task, TaskStatus status) {
        if (status.ordinal() < reported.ordinal()) return null;
        reported = status;
        sequence = Math.max(sequence + 1, System.currentTimeMillis() * 1000);
        List<Container> cs = containerRecords();
        String health = taskHealth();
        List<Map<String, Object>> attachments = eni == null ? null : List.of(TaskNetwork.withStatus(eni, status.name()));
        TaskReport r = new TaskReport(task.taskArn(), instanceArn, status.name(), cs, attachments, health, stopCode, stoppedReason,
                pullStartedAt, pullStoppedAt, startedAt, status == TaskStatus.STOPPED ? executionStoppedAt : null, connectivityAt, sequence);
        lastContainers = cs;
        lastHealth = health;
        last = r;
        return r;
    }

    /** Sends the final report again (the control plane still lists the task as not stopped). */
    void resendLast(Reporter reporter) {
        TaskReport r = last;
        if (r != null && "STOPPED".equals(r.lastStatus())) reporter.send(r);
    }

    private List<Container> containerRecords() {
        List<Map<String, Object>> nis = eni == null || ip == null ? List.of()
                : List.of(Map.of("attachmentId", String.valueOf(eni.get("id")), "privateIpv4Address", ip));
        return containers.values().stream().map(c -> c.toRecord(nis)).toList();
    }

    /** HEALTHY when every essential container with a health check is healthy, UNHEALTHY if one is not, else UNKNOWN. */
    private String taskHealth() {
        boolean any = false;
        for (ContainerState c : containers.values()) {
            if (!c.plan.essential() || !c.hasHealthCheck()) continue;
            any = true;
            if ("UNHEALTHY".equals(c.health)) return "UNHEALTHY";
            if (!"HEALTHY".equals(c.health)) return "UNKNOWN";
        }
        return any ? "HEALTHY" : "UNKNOWN";
    }
}
