package io.dockyard.controller.service;

import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops a service's tasks (desired STOPPED, stopCode ServiceSchedulerInitiated). A RUNNING task behind
 * a load balancer first drains — no new requests, in-flight ones finish — and is stopped once its
 * targets are gone or after {@link #MAX_DRAIN}.
 */
final class TaskStopper {
    private static final Duration MAX_DRAIN = Duration.ofMinutes(10);

    private final Store store;
    private final TaskEndpoints endpoints;
    private final Map<String, Instant> draining = new ConcurrentHashMap<>();
    private final Map<String, String> drainReasons = new ConcurrentHashMap<>();

    TaskStopper(Store store, TaskEndpoints endpoints) {
        this.store = store;
        this.endpoints = endpoints;
    }

    /** The stop of tasks whose targets failed the load balancer's health checks. */
    static Action.Stop failedHealthChecks(Service s, List<String> taskArns) {
        return new Action.Stop(taskArns, "Task failed ELB health checks in (target-group " + s.loadBalancers().get(0).get("targetGroupArn") + ")");
    }

    /** Whether the task is draining (stopped once drained). */
    boolean draining(String taskArn) { return draining.containsKey(taskArn); }

    /** Whether a stop would do anything: the task exists, is meant to run, and is not draining already. */
    boolean stoppable(String taskArn) {
        if (draining.containsKey(taskArn)) return false;
        return store.get(Kinds.TASK, taskArn).map(t -> "RUNNING".equals(t.desiredStatus())).orElse(false);
    }

    /** A task behind a load balancer first drains (no new requests, in-flight ones finish), then stops. */
    void stopOrDrain(Service s, String arn, String reason, Instant now) {
        Task t = store.get(Kinds.TASK, arn).orElse(null);
        if (t == null) return;
        boolean balanced = s.loadBalancers() != null && !s.loadBalancers().isEmpty();
        if (!balanced || !"RUNNING".equals(t.lastStatus()) || !"ACTIVE".equals(s.status()) && !"DRAINING".equals(s.status())) {
            stopTask(arn, reason, now);
            return;
        }
        if (draining.putIfAbsent(arn, now) == null) {
            drainReasons.put(arn, reason);
            endpoints.drain(s, t);
        }
    }

    /** Stops the draining tasks whose targets are gone (drained) or that drained too long; true if any stopped. */
    boolean finishDrains(List<Task> tasks, Map<String, String> health, Instant now) {
        boolean any = false;
        for (Task t : tasks) {
            Instant since = draining.get(t.taskArn());
            if (since == null) continue;
            if (!t.isActive() || !health.containsKey(t.taskArn()) || since.plus(MAX_DRAIN).isBefore(now)) {
                stopTask(t.taskArn(), drainReasons.getOrDefault(t.taskArn(), "Task drained"), now);
                draining.remove(t.taskArn());
                drainReasons.remove(t.taskArn());
                any = true;
            }
        }
        return any;
    }

    private void stopTask(String arn, String reason, Instant now) {
        store.get(Kinds.TASK, arn).filter(t -> !"STOPPED".equals(t.desiredStatus())).ifPresent(t -> {
            store.put(Kinds.TASK, t.stoppedByScheduler(reason, now));
            store.delete(Kinds.TASK_PROTECTION, arn);
        });
    }
}
