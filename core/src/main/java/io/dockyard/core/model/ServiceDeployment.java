package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;

/**
 * The history record of one service deployment (DescribeServiceDeployments/ListServiceDeployments):
 * it outlives the {@link Deployment} entry, which leaves the service once its tasks are gone.
 * Status follows ECS: PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, STOP_REQUESTED, ROLLBACK_REQUESTED,
 * ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED.
 */
public record ServiceDeployment(
        String arn,
        String serviceArn,
        String clusterArn,
        String deploymentId,
        String status,
        String statusReason,
        String targetTaskDefinitionArn,
        List<String> sourceTaskDefinitionArns,
        java.util.Map<String, Object> deploymentConfiguration,
        String rollbackReason,
        Instant rollbackStartedAt,
        String rollbackTargetTaskDefinitionArn,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant stoppedAt,
        Instant updatedAt) {

    public ServiceDeployment withStatus(String s, String reason, Instant at) {
        boolean done = switch (s) {
            case "SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED" -> true;
            default -> false;
        };
        return new ServiceDeployment(arn, serviceArn, clusterArn, deploymentId, s, reason, targetTaskDefinitionArn, sourceTaskDefinitionArns,
                deploymentConfiguration, rollbackReason, rollbackStartedAt, rollbackTargetTaskDefinitionArn, createdAt, startedAt,
                done ? at : finishedAt, "STOPPED".equals(s) ? at : stoppedAt, at);
    }

    public ServiceDeployment withRollback(String reason, Instant at, String targetTd) {
        return new ServiceDeployment(arn, serviceArn, clusterArn, deploymentId, "ROLLBACK_IN_PROGRESS", reason, targetTaskDefinitionArn,
                sourceTaskDefinitionArns, deploymentConfiguration, reason, at, targetTd, createdAt, startedAt, finishedAt, stoppedAt, at);
    }
}
