package io.dockyard.controller.service;

import java.util.List;

/** What the reconciler asks the controller to do for one service. */
public sealed interface Action {
    /** Launch {@code count} tasks of a deployment. */
    record Start(String deploymentId, int count) implements Action {}

    /** Stop these tasks (the service scheduler's stop, stopCode ServiceSchedulerInitiated). */
    record Stop(List<String> taskArns, String reason) implements Action {}

    /** Move a deployment's rolloutState (COMPLETED or FAILED) with a reason. */
    record Rollout(String deploymentId, String state, String reason) implements Action {}

    /** The circuit breaker tripped with rollback: deploy the last completed task definition again. */
    record Rollback(String failedDeploymentId) implements Action {}

    /** An old deployment has no task left: drop it from the service. */
    record Retire(String deploymentId) implements Action {}

    /** Add a service event. */
    record Event(String message) implements Action {}
}
