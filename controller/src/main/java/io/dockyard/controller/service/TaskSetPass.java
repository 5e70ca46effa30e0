package io.dockyard.controller.service;

import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceEvent;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskSet;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One reconciliation pass of a service whose tasks live in task sets (EXTERNAL and CODE_DEPLOY
 * deployment controllers). Each task set is reconciled as a service of its own — its task definition,
 * its load balancers and registries, {@code scale} percent of the service's desired count — by the same
 * {@link ServiceReconciler} and actions as a rolling deployment; a DRAINING task set goes to 0 and its
 * record is removed once its tasks are stopped; tasks of no task set stop. Stability status
 * (STEADY_STATE/STABILIZING) is written back when it changes.
 */
final class TaskSetPass {
    private final Store store;
    private final TaskEndpoints endpoints;
    private final TaskStopper stopper;
    private final TaskViews taskViews;
    private final ServiceActions actions;
    private final ServiceReconciler reconciler = new ServiceReconciler();

    TaskSetPass(Store store, TaskEndpoints endpoints, TaskStopper stopper, TaskViews taskViews, ServiceActions actions) {
        this.store = store;
        this.endpoints = endpoints;
        this.stopper = stopper;
        this.taskViews = taskViews;
        this.actions = actions;
    }

    /** The service as one task set's tasks see it: the set's task definition, endpoints and desired count, the set as its only deployment. */
    static Service view(Service s, TaskSet ts) {
        return s.toBuilder().taskDefinitionArn(ts.taskDefinitionArn()).loadBalancers(orEmpty(ts.loadBalancers()))
                .serviceRegistries(orEmpty(ts.serviceRegistries())).desiredCount(ts.computedDesiredCount(s.desiredCount()))
                .deployments(List.of(ts.deployment())).events(List.of()).build();
    }

    /** Reconciles every task set of the service; the service with the events of the pass, or null if nothing changed. */
    Service pass(Service s, List<Task> tasks, Instant now) {
        List<TaskSet> sets = store.list(Kinds.TASK_SETS_BY_SERVICE, s.arn());
        Map<String, List<Task>> bySet = tasks.stream().collect(Collectors.groupingBy(t -> t.startedBy() == null ? "" : t.startedBy()));
        boolean changed = false;
        List<ServiceEvent> events = new ArrayList<>();
        for (TaskSet ts : sets) {
            Service view = view(s, ts);
            List<Task> own = bySet.getOrDefault(ts.id(), List.of());
            boolean balanced = !view.loadBalancers().isEmpty() || !view.serviceRegistries().isEmpty();
            Map<String, String> health = balanced ? endpoints.sync(view, own) : Map.of();
            changed |= stopper.finishDrains(own, health, now);
            TaskViews.Seen seen = taskViews.see(view, own, health, now);
            int desired = "ACTIVE".equals(s.status()) ? view.desiredCount() : 0;
            List<Action> todo = new ArrayList<>(reconciler.reconcile(view, seen.views(), desired, false));
            if (!seen.failing().isEmpty()) todo.add(0, TaskStopper.failedHealthChecks(view, seen.failing()));
            todo.removeIf(a -> a instanceof Action.Rollout || a instanceof Action.Retire);
            Service after = view;
            for (Action a : todo) after = actions.apply(after, a, now);
            events.addAll(after.events());
            changed |= after != view;
            changed |= settle(ts, seen.views(), desired, own, now);
        }
        Set<String> known = sets.stream().map(TaskSet::id).collect(Collectors.toSet());
        for (Task t : tasks) {
            if (t.isStopped() || "STOPPED".equals(t.desiredStatus()) || known.contains(t.startedBy())) continue;
            actions.apply(s, new Action.Stop(List.of(t.taskArn()), "Task set deleted"), now);
            changed = true;
        }
        if (!changed) return null;
        events.sort(Comparator.comparing(ServiceEvent::createdAt).reversed());
        List<ServiceEvent> all = new ArrayList<>(events);
        all.addAll(s.events());
        return s.toBuilder().events(all.size() > 100 ? all.subList(0, 100) : all).build();
    }

    /** A DRAINING set with no task left goes; otherwise its stability status follows its tasks. True if a record changed. */
    private boolean settle(TaskSet ts, List<TaskView> views, int desired, List<Task> own, Instant now) {
        if (ts.isDraining() && own.stream().allMatch(Task::isStopped)) {
            store.delete(Kinds.TASK_SET, ts.arn());
            return true;
        }
        long live = views.stream().filter(TaskView::live).count();
        long steady = views.stream().filter(v -> v.healthyRunning() && !v.draining()).count();
        String stability = live == desired && steady == desired ? "STEADY_STATE" : "STABILIZING";
        if (stability.equals(ts.stabilityStatus())) return false;
        store.put(Kinds.TASK_SET, ts.withStability(stability, now));
        return true;
    }

    private static <T> List<T> orEmpty(List<T> l) { return l == null ? List.of() : l; }
}
