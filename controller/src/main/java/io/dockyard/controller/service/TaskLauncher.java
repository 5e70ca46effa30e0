package io.dockyard.controller.service;

import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;

import java.util.List;

/**
 * How the controller starts a service's tasks: the same path RunTask takes (placement, task records),
 * implemented by the API layer. Called inside a store transaction.
 */
public interface TaskLauncher {

    /** The tasks started and, when fewer than asked could be placed, why (ECS failure reasons). */
    record Launched(List<String> taskArns, List<String> failureReasons) {}

    /**
     * Starts {@code count} tasks of the deployment (group {@code service:<name>}, startedBy the
     * deployment id). With {@code instanceArn} set (DAEMON), the task goes on that instance.
     */
    Launched launch(Service service, Deployment deployment, int count, String instanceArn);
}
