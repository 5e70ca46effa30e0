package io.dockyard.controller.service;

import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the reconciler sees of a service's tasks ({@link TaskView}s): health from container health
 * checks, the grace period and (behind a load balancer) target health; task protection; tasks on
 * DRAINING instances, a DAEMON's tasks on instances that no longer satisfy its memberOf constraints
 * (both leave, as on ECS), and draining tasks.
 */
final class TaskViews {
    private final Store store;
    private final TaskStopper stopper;

    /** The views, and the RUNNING tasks whose targets failed health checks past the grace period. */
    record Seen(List<TaskView> views, List<String> failing) {}

    TaskViews(Store store, TaskStopper stopper) {
        this.store = store;
        this.stopper = stopper;
    }

    /** The service's tasks as the reconciler sees them, with {@code targetHealth} by task ARN. */
    Seen see(Service s, List<Task> tasks, Map<String, String> targetHealth, Instant now) {
        Set<String> drainingInstances = new HashSet<>();
        store.list(Kinds.INSTANCES_BY_CLUSTER, s.clusterArn()).stream().filter(i -> !"ACTIVE".equals(i.status()))
                .forEach(i -> drainingInstances.add(i.arn()));
        if (s.isDaemon()) DaemonTargets.strays(store, s, tasks).forEach(t -> drainingInstances.add(t.containerInstanceArn()));
        boolean balanced = s.loadBalancers() != null && !s.loadBalancers().isEmpty();
        List<String> failing = new ArrayList<>();
        List<TaskView> views = new ArrayList<>();
        for (Task t : tasks) {
            TaskView v = view(s, t, now, t.containerInstanceArn() != null && drainingInstances.contains(t.containerInstanceArn()));
            if (balanced && v.live() && "RUNNING".equals(t.lastStatus())) {
                String state = targetHealth.get(t.taskArn());
                if ("unhealthy".equals(state) && !inGrace(s, t, now)) failing.add(t.taskArn());
                boolean ok = "healthy".equals(state) || ("initial".equals(state) && inGrace(s, t, now));
                v = new TaskView(v.taskArn(), v.deploymentId(), v.lastStatus(), v.desiredStatus(), v.healthy() && ok,
                        v.protectedNow(), v.stopCode(), v.createdSeq(), v.draining());
            }
            if (stopper.draining(t.taskArn())) {
                v = new TaskView(v.taskArn(), v.deploymentId(), v.lastStatus(), v.desiredStatus(), false, false, v.stopCode(), v.createdSeq(), true);
            }
            views.add(v);
        }
        return new Seen(views, failing);
    }

    private TaskView view(Service s, Task t, Instant now, boolean draining) {
        boolean healthy = !"UNHEALTHY".equals(t.healthStatus()) && (!hasHealthCheck(t) || "HEALTHY".equals(t.healthStatus()) || inGrace(s, t, now));
        boolean prot = store.get(Kinds.TASK_PROTECTION, t.taskArn()).map(p -> p.activeAt(now)).orElse(false);
        long seq = t.createdAt() == null ? 0 : t.createdAt().toEpochMilli();
        return new TaskView(t.taskArn(), t.startedBy() == null ? "" : t.startedBy(), t.lastStatus(), t.desiredStatus(), healthy, prot, t.stopCode(), seq, draining);
    }

    private static boolean hasHealthCheck(Task t) {
        return t.containers().stream().anyMatch(c -> c.healthStatus() != null && !"UNKNOWN".equals(c.healthStatus()))
                || "HEALTHY".equals(t.healthStatus());
    }

    private static boolean inGrace(Service s, Task t, Instant now) {
        Integer grace = s.healthCheckGracePeriodSeconds();
        return grace != null && grace > 0 && t.startedAt() != null && t.startedAt().plusSeconds(grace).isAfter(now);
    }
}
