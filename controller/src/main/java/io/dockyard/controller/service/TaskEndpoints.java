package io.dockyard.controller.service;

import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;

import java.util.List;
import java.util.Map;

/**
 * Where a service's tasks are reachable: load balancer target groups ({@code loadBalancers}) and
 * Cloud Map ({@code serviceRegistries}). Implemented by the server over the load balancer and
 * discovery modules.
 */
public interface TaskEndpoints {

    /**
     * Registers the endpoints of the service's RUNNING tasks that are meant to keep running and
     * deregisters (drains) those of every other task; returns each task's target health state
     * ({@code initial}, {@code healthy}, {@code unhealthy}, {@code draining}) by task ARN — a task with
     * no entry has no target (none registered yet, or draining finished).
     */
    Map<String, String> sync(Service service, List<Task> tasks, Placement placement);

    /** {@link #sync(Service, List, Placement)} with every task in each entry's {@code targetGroupArn}. */
    default Map<String, String> sync(Service service, List<Task> tasks) { return sync(service, tasks, Placement.PRIMARY); }

    /**
     * Splits the traffic of a listener rule (or a listener's default rule) by these target group
     * weights (0–999; other groups of its forward action get 0); failures are logged.
     */
    default void weigh(String ruleArn, Map<String, Integer> weights) {}

    /**
     * Which target group of a {@code loadBalancers} entry a task belongs in (the entry's
     * {@code targetGroupArn} or its {@code advancedConfiguration.alternateTargetGroupArn}); it is
     * registered there and deregistered from the other.
     */
    @FunctionalInterface
    interface Placement {
        String targetGroup(Task task, Map<String, Object> loadBalancer);

        /** Every task in the entry's targetGroupArn (rolling deployments). */
        Placement PRIMARY = (task, lb) -> String.valueOf(lb.get("targetGroupArn"));
    }

    /** Starts draining one task's targets now (before the task is stopped). */
    void drain(Service service, Task task);

    /** No load balancers, no registries. */
    TaskEndpoints NONE = new TaskEndpoints() {
        @Override public Map<String, String> sync(Service service, List<Task> tasks, Placement placement) { return Map.of(); }
        @Override public void drain(Service service, Task task) {}
    };
}
