package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;

/**
 * One rollout of a daemon revision over the daemon's instances, {@code drainPercent} of them at a time,
 * {@code bakeTimeInMinutes} after the last step. Status PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED
 * (superseded by a newer deployment or the daemon deleted).
 */
public record DaemonDeployment(String arn, String daemonArn, String clusterArn, String status, String statusReason, String targetRevisionArn,
                               List<String> sourceRevisionArns, Double drainPercent, int bakeTimeInMinutes, Instant createdAt, Instant startedAt,
                               Instant stoppedAt, Instant finishedAt, Instant readyAt) {

    public boolean done() { return "SUCCESSFUL".equals(status) || "STOPPED".equals(status); }

    public DaemonDeployment with(String s, String reason, Instant at) {
        return new DaemonDeployment(arn, daemonArn, clusterArn, s, reason, targetRevisionArn, sourceRevisionArns, drainPercent, bakeTimeInMinutes, createdAt,
                startedAt == null && !"PENDING".equals(s) ? at : startedAt, "STOPPED".equals(s) ? at : stoppedAt,
                "SUCCESSFUL".equals(s) || "STOPPED".equals(s) ? at : finishedAt, readyAt);
    }

    /** All instances run the target: the bake time counts from here. */
    public DaemonDeployment ready(Instant at) {
        return new DaemonDeployment(arn, daemonArn, clusterArn, status, statusReason, targetRevisionArn, sourceRevisionArns, drainPercent, bakeTimeInMinutes,
                createdAt, startedAt, stoppedAt, finishedAt, at);
    }
}
