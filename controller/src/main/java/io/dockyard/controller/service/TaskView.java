package io.dockyard.controller.service;

import java.util.Set;

/**
 * What the reconciler sees of one task of a service: its deployment, where it is in its lifecycle,
 * whether it counts as healthy, and whether task protection shields it from being stopped.
 */
public record TaskView(String taskArn, String deploymentId, String lastStatus, String desiredStatus,
                       boolean healthy, boolean protectedNow, String stopCode, long createdSeq) {

    /** Stop codes that mean the task failed (they count towards the circuit breaker). */
    static final Set<String> FAILURE_CODES = Set.of("TaskFailedToStart", "EssentialContainerExited");

    /** Not stopped and meant to keep running: counts towards desired and maximumPercent. */
    public boolean live() { return "RUNNING".equals(desiredStatus) && !"STOPPED".equals(lastStatus); }

    /** Live, RUNNING and passing health checks: counts towards minimumHealthyPercent. */
    public boolean healthyRunning() { return live() && "RUNNING".equals(lastStatus) && healthy; }

    public boolean stopped() { return "STOPPED".equals(lastStatus); }

    public boolean failed() { return stopped() && stopCode != null && FAILURE_CODES.contains(stopCode); }
}
