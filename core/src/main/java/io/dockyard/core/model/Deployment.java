package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One deployment of a service: a task definition the service is moving to (PRIMARY) or away from
 * (ACTIVE). Running/pending/failed counts are derived from the tasks started by {@code id}.
 */
public record Deployment(
        String id,
        String status,
        String taskDefinitionArn,
        String launchType,
        List<Map<String, Object>> capacityProviderStrategy,
        String platformVersion,
        NetworkConfiguration networkConfiguration,
        String rolloutState,
        String rolloutStateReason,
        boolean rollback,
        String serviceDeploymentStatus,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt) {

    public boolean isPrimary() { return "PRIMARY".equals(status); }

    public Deployment withStatus(String s, Instant at) {
        return new Deployment(id, s, taskDefinitionArn, launchType, capacityProviderStrategy, platformVersion, networkConfiguration,
                rolloutState, rolloutStateReason, rollback, serviceDeploymentStatus, createdAt, at, finishedAt);
    }

    public Deployment withRollout(String state, String reason, String sdStatus, Instant at) {
        return new Deployment(id, status, taskDefinitionArn, launchType, capacityProviderStrategy, platformVersion, networkConfiguration,
                state, reason, rollback, sdStatus, createdAt, at, "IN_PROGRESS".equals(state) ? finishedAt : at);
    }
}
