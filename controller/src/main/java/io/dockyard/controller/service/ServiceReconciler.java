package io.dockyard.controller.service;

import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.DeploymentConfig;
import io.dockyard.core.model.Service;
import io.dockyard.launch.Deployments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The ECS deployment controller as a pure function: a service, its tasks and the number of tasks it
 * should have → the actions that move it towards that, one step at a time. Every step keeps the live
 * tasks at or under maximumPercent and the healthy ones at or over minimumHealthyPercent of the
 * desired count (a scale-in or a service being deleted is exempt from the minimum, as on ECS).
 */
public final class ServiceReconciler {

    /**
     * @param desired the number of tasks the service should run now (desiredCount, or for DAEMON the
     *                number of instances that should hold one)
     * @param canRollback whether an earlier successful deployment exists to roll back to
     */
    public List<Action> reconcile(Service service, List<TaskView> tasks, int desired, boolean canRollback) {
        return reconcile(service, tasks, desired, canRollback, List.of());
    }

    /** @param firing the service's deployment alarms that are in ALARM now */
    public List<Action> reconcile(Service service, List<TaskView> tasks, int desired, boolean canRollback, List<String> firing) {
        List<Action> actions = new ArrayList<>();
        Deployment primary = service.primary();
        if (primary == null) return actions;
        boolean deleting = !"ACTIVE".equals(service.status());
        int d = deleting ? 0 : desired;
        DeploymentConfig cfg = service.deploymentConfig();
        int maxTotal = Math.max(d, d * cfg.maximumPercent() / 100);
        int minHealthy = deleting ? 0 : (d * cfg.minimumHealthyPercent() + 99) / 100;

        Map<String, List<TaskView>> byDeployment = tasks.stream().collect(Collectors.groupingBy(TaskView::deploymentId));
        List<TaskView> primaryTasks = byDeployment.getOrDefault(primary.id(), List.of());

        if (cfg.circuitBreakerEnabled() && "IN_PROGRESS".equals(primary.rolloutState()) && !deleting) {
            long failed = primaryTasks.stream().filter(TaskView::failed).count();
            if (failed >= Deployments.failureThreshold(d)) {
                actions.add(new Action.Rollout(primary.id(), "FAILED", "ECS deployment circuit breaker: tasks failed to start."));
                if (cfg.circuitBreakerRollback() && canRollback) actions.add(new Action.Rollback(primary.id()));
                return actions;
            }
        }
        // a rollback is not failed by the alarms that caused it (they fire until the bad tasks are gone)
        if (cfg.alarmsEnabled() && !firing.isEmpty() && "IN_PROGRESS".equals(primary.rolloutState()) && !deleting && !primary.rollback()) {
            actions.add(new Action.Rollout(primary.id(), "FAILED", "ECS deployment alarms: " + String.join(", ", firing)
                    + (firing.size() == 1 ? " is" : " are") + " in ALARM state."));
            if (cfg.alarmsRollback() && canRollback) actions.add(new Action.Rollback(primary.id()));
            return actions;
        }
        boolean launching = !"FAILED".equals(primary.rolloutState());

        List<TaskView> live = tasks.stream().filter(TaskView::live).toList();
        List<TaskView> primaryLive = primaryTasks.stream().filter(t -> t.live() && !t.draining()).toList();
        List<TaskView> oldLive = live.stream().filter(t -> !t.deploymentId().equals(primary.id()) || t.draining()).toList();
        int healthy = (int) live.stream().filter(TaskView::healthyRunning).count();
        int total = live.size();

        List<String> stops = new ArrayList<>();
        if (primaryLive.size() > d) {
            primaryLive.stream().filter(t -> !t.protectedNow()).sorted(STOP_ORDER).limit(primaryLive.size() - d)
                    .forEach(t -> stops.add(t.taskArn()));
            total -= stops.size();
        } else if (primaryLive.size() < d && launching) {
            int n = Math.min(d - primaryLive.size(), maxTotal - total);
            if (n > 0) actions.add(new Action.Start(primary.id(), n));
        }

        Map<String, Deployment> deployments = service.deployments().stream().collect(Collectors.toMap(Deployment::id, Function.identity()));
        int budget = healthy - minHealthy;
        List<TaskView> oldOrdered = new ArrayList<>(oldLive);
        oldOrdered.sort(STOP_ORDER.thenComparing(t -> deployments.containsKey(t.deploymentId()) ? deployments.get(t.deploymentId()).createdAt() : null,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        for (TaskView t : oldOrdered) {
            if (t.protectedNow() && !deleting) continue;
            if (!t.healthyRunning() || deleting) {
                stops.add(t.taskArn());
            } else if (budget > 0) {
                stops.add(t.taskArn());
                budget--;
            }
        }
        if (!stops.isEmpty()) actions.add(new Action.Stop(stops, deleting ? "Service is being deleted" : "Scaling activity initiated by (deployment " + primary.id() + ")"));

        for (Deployment dep : service.deployments()) {
            if (dep.isPrimary()) continue;
            boolean anyLeft = byDeployment.getOrDefault(dep.id(), List.of()).stream().anyMatch(t -> !t.stopped());
            if (!anyLeft) actions.add(new Action.Retire(dep.id()));
        }

        long primaryHealthy = primaryLive.stream().filter(TaskView::healthyRunning).count();
        boolean oldGone = service.deployments().stream().filter(dep -> !dep.isPrimary())
                .allMatch(dep -> byDeployment.getOrDefault(dep.id(), List.of()).stream().allMatch(TaskView::stopped));
        boolean drained = live.stream().noneMatch(TaskView::draining);
        if ("IN_PROGRESS".equals(primary.rolloutState()) && primaryLive.size() == d && primaryHealthy == d && oldGone && drained && !deleting) {
            actions.add(new Action.Rollout(primary.id(), "COMPLETED", "ECS deployment " + primary.id() + " completed."));
        }
        return actions;
    }

    /** Which tasks go first: not running, then unhealthy, then the newest. */
    private static final Comparator<TaskView> STOP_ORDER = Comparator
            .comparing((TaskView t) -> "RUNNING".equals(t.lastStatus()))
            .thenComparing(TaskView::healthyRunning)
            .thenComparing(TaskView::createdSeq, Comparator.reverseOrder());
}
