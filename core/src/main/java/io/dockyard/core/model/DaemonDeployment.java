package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;

/**
 * One rollout of a daemon revision over the daemon's instances, {@code drainPercent} of them at a time,
 * {@code bakeTimeInMinutes} after the last step. Status PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED
 * (superseded by a newer deployment or the daemon deleted), and — when one of its {@code alarms} goes into
 * ALARM before it is done — ROLLBACK_IN_PROGRESS then ROLLBACK_SUCCESSFUL, back to {@code rollback}'s target.
 */
public record DaemonDeployment(String arn, String daemonArn, String clusterArn, String status, String statusReason, String targetRevisionArn,
                               List<String> sourceRevisionArns, Double drainPercent, int bakeTimeInMinutes, Instant createdAt, Instant startedAt,
                               Instant stoppedAt, Instant finishedAt, Instant readyAt, Alarms alarms, Rollback rollback) {

    /** The deployment's CloudWatch alarms ({@code deploymentConfiguration.alarms}) and those that went into ALARM. */
    public record Alarms(List<String> names, boolean enabled, List<String> triggered) {
        public Alarms {
            names = names == null ? List.of() : List.copyOf(names);
            triggered = triggered == null ? List.of() : List.copyOf(triggered);
        }

        /** No alarms configured. */
        public static final Alarms NONE = new Alarms(List.of(), false, List.of());

        public boolean watching() { return enabled && !names.isEmpty(); }
    }

    /** Why and when the deployment rolled back, and to which revision. */
    public record Rollback(String reason, Instant startedAt, String targetRevisionArn) {}

    public DaemonDeployment {
        sourceRevisionArns = sourceRevisionArns == null ? List.of() : List.copyOf(sourceRevisionArns);
        alarms = alarms == null ? Alarms.NONE : alarms;
    }

    private static boolean finished(String s) {
        return "SUCCESSFUL".equals(s) || "STOPPED".equals(s) || "ROLLBACK_SUCCESSFUL".equals(s) || "ROLLBACK_FAILED".equals(s);
    }

    public boolean done() { return finished(status); }

    public boolean rollingBack() { return "ROLLBACK_IN_PROGRESS".equals(status); }

    public DaemonDeployment with(String s, String reason, Instant at) {
        return new DaemonDeployment(arn, daemonArn, clusterArn, s, reason, targetRevisionArn, sourceRevisionArns, drainPercent, bakeTimeInMinutes, createdAt,
                startedAt == null && !"PENDING".equals(s) ? at : startedAt, "STOPPED".equals(s) ? at : stoppedAt,
                finished(s) ? at : finishedAt, readyAt, alarms, rollback);
    }

    /** All instances run the target: the bake time counts from here. */
    public DaemonDeployment ready(Instant at) {
        return new DaemonDeployment(arn, daemonArn, clusterArn, status, statusReason, targetRevisionArn, sourceRevisionArns, drainPercent, bakeTimeInMinutes,
                createdAt, startedAt, stoppedAt, finishedAt, at, alarms, rollback);
    }

    /** Alarms {@code triggered} went into ALARM: ROLLBACK_IN_PROGRESS to {@code revisionArn}. */
    public DaemonDeployment rollingBack(List<String> triggered, String revisionArn, Instant at) {
        String reason = "Deployment alarm(s) " + String.join(", ", triggered) + (triggered.size() == 1 ? " is" : " are") + " in ALARM state.";
        return new DaemonDeployment(arn, daemonArn, clusterArn, "ROLLBACK_IN_PROGRESS", reason, targetRevisionArn, sourceRevisionArns, drainPercent,
                bakeTimeInMinutes, createdAt, startedAt == null ? at : startedAt, stoppedAt, finishedAt, null,
                new Alarms(alarms.names(), alarms.enabled(), triggered), new Rollback(reason, at, revisionArn));
    }
}
