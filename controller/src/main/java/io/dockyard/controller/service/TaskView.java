package io.dockyard.controller.service;

import java.util.Set;

/**
 * What the reconciler sees of one task of a service: its deployment, where it is in its lifecycle,
 * whether it counts as healthy, whether task protection shields it from being stopped, and whether
 * it sits on a DRAINING instance (then it is replaced like a task of an older deployment).
 */
public record TaskView(String taskArn, String deploymentId, String lastStatus, String desiredStatus,
                       boolean healthy, boolean protectedNow, String stopCode, long createdSeq, boolean draining) {

    /** A task not on a draining instance. */
    public TaskView(String taskArn, String deploymentId, String lastStatus, String desiredStatus,
                    boolean healthy, boolean protectedNow, String stopCode, long createdSeq) {
        this(taskArn, deploymentId, lastStatus, desiredStatus, healthy, protectedNow, stopCode, createdSeq, false);
    }

    /** Stop codes that mean the task failed (they count towards the circuit breaker). */
    static final Set<String> FAILURE_CODES = Set.of("TaskFailedToStart", "EssentialContainerExited");

    /** Not stopped and meant to keep running: counts towards desired and maximumPercent. */
    public boolean live() { return "RUNNING".equals(desiredStatus) && !"STOPPED".equals(lastStatus); }

    /** Live, RUNNING and passing health checks: counts towards minimumHealthyPercent. */
    public boolean healthyRunning() { return live() && "RUNNING".equals(lastStatus) && healthy; }

    public boolean stopped() { return "STOPPED".equals(lastStatus); }

    public boolean failed() { return stopped() && stopCode != null && FAILURE_CODES.contains(stopCode); }
}
