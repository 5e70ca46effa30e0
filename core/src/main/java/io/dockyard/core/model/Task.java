package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An ECS task. {@code overrides} holds what it was started with (null: none). {@code attachments} holds the
 * awsvpc ElasticNetworkInterface attachment when the task has one. {@code version} increases on
 * every change and orders what the agent reports against what the control plane decided.
 * {@code reportSequence} is the sequence of the last agent report applied (0: none sequenced yet).
 */
public record Task(
        String taskArn,
        String clusterArn,
        String taskDefinitionArn,
        String containerInstanceArn,
        String launchType,
        String lastStatus,
        String desiredStatus,
        String group,
        String startedBy,
        String cpu,
        String memory,
        TaskOverride overrides,
        List<Container> containers,
        List<Map<String, Object>> attachments,
        List<Tag> tags,
        String availabilityZone,
        String connectivity,
        String healthStatus,
        String platformVersion,
        String capacityProviderName,
        boolean enableExecuteCommand,
        String stopCode,
        String stoppedReason,
        Instant createdAt,
        Instant connectivityAt,
        Instant pullStartedAt,
        Instant pullStoppedAt,
        Instant startedAt,
        Instant stoppingAt,
        Instant executionStoppedAt,
        Instant stoppedAt,
        long version,
        String serviceName,
        long reportSequence) {

    public String id() { return taskArn.substring(taskArn.lastIndexOf('/') + 1); }
    public TaskStatus status() { return TaskStatus.valueOf(lastStatus); }
    public boolean isStopped() { return "STOPPED".equals(lastStatus); }
    public boolean isActive() { return !isStopped(); }

    /** PROVISIONING, PENDING or ACTIVATING: what ECS counts as pending. */
    public boolean isPending() {
        return switch (lastStatus) {
            case "PROVISIONING", "PENDING", "ACTIVATING" -> true;
            default -> false;
        };
    }

    /**
     * The task as a scheduler stops it (desired STOPPED, stopCode ServiceSchedulerInitiated, the reason); one never
     * placed (PROVISIONING) is STOPPED at once. The version is the next one.
     */
    public Task stoppedByScheduler(String reason, Instant now) {
        Builder b = toBuilder().desiredStatus("STOPPED").stopCode("ServiceSchedulerInitiated").stoppedReason(reason)
                .stoppingAt(stoppingAt == null ? now : stoppingAt).version(version + 1);
        if ("PROVISIONING".equals(lastStatus)) b.lastStatus("STOPPED").stoppedAt(now).executionStoppedAt(now);
        return b.build();
    }

    public Builder toBuilder() { return new Builder(this); }

    /** Copy-with-changes for a task; {@link #build()} bumps nothing, callers set the version. */
    public static final class Builder {
        private String taskArn, clusterArn, taskDefinitionArn, containerInstanceArn, launchType, lastStatus, desiredStatus,
                group, startedBy, cpu, memory, availabilityZone, connectivity, healthStatus, platformVersion,
                capacityProviderName, stopCode, stoppedReason, serviceName;
        private TaskOverride overrides;
        private List<Container> containers;
        private List<Map<String, Object>> attachments;
        private List<Tag> tags;
        private boolean enableExecuteCommand;
        private Instant createdAt, connectivityAt, pullStartedAt, pullStoppedAt, startedAt, stoppingAt, executionStoppedAt, stoppedAt;
        private long version, reportSequence;

        public Builder() {}

        Builder(Task t) {
            taskArn = t.taskArn; clusterArn = t.clusterArn; taskDefinitionArn = t.taskDefinitionArn;
            containerInstanceArn = t.containerInstanceArn; launchType = t.launchType; lastStatus = t.lastStatus;
            desiredStatus = t.desiredStatus; group = t.group; startedBy = t.startedBy; cpu = t.cpu; memory = t.memory;
            overrides = t.overrides; containers = t.containers; attachments = t.attachments; tags = t.tags;
            availabilityZone = t.availabilityZone; connectivity = t.connectivity; healthStatus = t.healthStatus;
            platformVersion = t.platformVersion; capacityProviderName = t.capacityProviderName;
            enableExecuteCommand = t.enableExecuteCommand; stopCode = t.stopCode; stoppedReason = t.stoppedReason;
            createdAt = t.createdAt; connectivityAt = t.connectivityAt; pullStartedAt = t.pullStartedAt;
            pullStoppedAt = t.pullStoppedAt; startedAt = t.startedAt; stoppingAt = t.stoppingAt;
            executionStoppedAt = t.executionStoppedAt; stoppedAt = t.stoppedAt; version = t.version; serviceName = t.serviceName;
            reportSequence = t.reportSequence;
        }

        public Builder taskArn(String v) { taskArn = v; return this; }
        public Builder clusterArn(String v) { clusterArn = v; return this; }
        public Builder taskDefinitionArn(String v) { taskDefinitionArn = v; return this; }
        public Builder containerInstanceArn(String v) { containerInstanceArn = v; return this; }
        public Builder launchType(String v) { launchType = v; return this; }
        public Builder lastStatus(String v) { lastStatus = v; return this; }
        public Builder desiredStatus(String v) { desiredStatus = v; return this; }
        public Builder group(String v) { group = v; return this; }
        public Builder startedBy(String v) { startedBy = v; return this; }
        public Builder cpu(String v) { cpu = v; return this; }
        public Builder memory(String v) { memory = v; return this; }
        public Builder overrides(TaskOverride v) { overrides = v; return this; }
        public Builder containers(List<Container> v) { containers = v; return this; }
        public Builder attachments(List<Map<String, Object>> v) { attachments = v; return this; }
        public Builder tags(List<Tag> v) { tags = v; return this; }
        public Builder availabilityZone(String v) { availabilityZone = v; return this; }
        public Builder connectivity(String v) { connectivity = v; return this; }
        public Builder healthStatus(String v) { healthStatus = v; return this; }
        public Builder platformVersion(String v) { platformVersion = v; return this; }
        public Builder capacityProviderName(String v) { capacityProviderName = v; return this; }
        public Builder enableExecuteCommand(boolean v) { enableExecuteCommand = v; return this; }
        public Builder stopCode(String v) { stopCode = v; return this; }
        public Builder stoppedReason(String v) { stoppedReason = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder connectivityAt(Instant v) { connectivityAt = v; return this; }
        public Builder pullStartedAt(Instant v) { pullStartedAt = v; return this; }
        public Builder pullStoppedAt(Instant v) { pullStoppedAt = v; return this; }
        public Builder startedAt(Instant v) { startedAt = v; return this; }
        public Builder stoppingAt(Instant v) { stoppingAt = v; return this; }
        public Builder executionStoppedAt(Instant v) { executionStoppedAt = v; return this; }
        public Builder stoppedAt(Instant v) { stoppedAt = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder serviceName(String v) { serviceName = v; return this; }
        public Builder reportSequence(long v) { reportSequence = v; return this; }

        public Task build() {
            return new Task(taskArn, clusterArn, taskDefinitionArn, containerInstanceArn, launchType, lastStatus, desiredStatus,
                    group, startedBy, cpu, memory, overrides, containers == null ? List.of() : containers,
                    attachments == null ? List.of() : attachments, tags == null ? List.of() : tags, availabilityZone,
                    connectivity, healthStatus, platformVersion, capacityProviderName, enableExecuteCommand, stopCode,
                    stoppedReason, createdAt, connectivityAt, pullStartedAt, pullStoppedAt, startedAt, stoppingAt,
                    executionStoppedAt, stoppedAt, version, serviceName, reportSequence);
        }
    }
}
