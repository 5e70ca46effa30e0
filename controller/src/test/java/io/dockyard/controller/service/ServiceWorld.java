package io.dockyard.controller.service;

import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiny simulated cluster for reconciler tests: a service, its tasks, and the effects of actions
 * (starts create PENDING tasks, stops stop them, {@link #progress()} lets PENDING tasks come up).
 */
final class ServiceWorld {
    Service service;
    final List<TaskView> tasks = new ArrayList<>();
    private long seq;
    boolean newTasksFail;
    boolean canRollback;
    List<String> firing = List.of();

    ServiceWorld(int desired, int minPercent, int maxPercent, boolean circuitBreaker, boolean rollback) {
        Map<String, Object> cfg = Map.of("minimumHealthyPercent", minPercent, "maximumPercent", maxPercent,
                "deploymentCircuitBreaker", Map.of("enable", circuitBreaker, "rollback", rollback));
        service = new Service("arn:svc", "web", "arn:cluster", "ACTIVE", desired, "td:1", "EC2", List.of(), null, "REPLICA",
                cfg, null, List.of(), List.of(), null, List.of(), List.of(), null, "NONE", false, false, List.of(), null, null,
                Instant.EPOCH, List.of(deployment("d1", "PRIMARY", "td:1", "IN_PROGRESS", 1)), List.of(), 1);
    }

    static Deployment deployment(String id, String status, String td, String rollout, long at) {
        return new Deployment(id, status, td, "EC2", List.of(), null, null, rollout, null, id.startsWith("rollback-"), null, Instant.ofEpochSecond(at),
                Instant.ofEpochSecond(at), null);
    }

    /** Puts {@code n} healthy RUNNING tasks of a deployment in place. */
    void running(String deploymentId, int n) {
        for (int i = 0; i < n; i++) tasks.add(new TaskView("t" + (++seq), deploymentId, "RUNNING", "RUNNING", true, false, null, seq));
    }

    /** Starts a new deployment of {@code td}: the old primary becomes ACTIVE. */
    void deploy(String id, String td) {
        List<Deployment> deps = new ArrayList<>();
        for (Deployment d : service.deployments()) deps.add(d.isPrimary() ? d.withStatus("ACTIVE", Instant.EPOCH) : d);
        deps.add(deployment(id, "PRIMARY", td, "IN_PROGRESS", 100 + deps.size()));
        service = service.toBuilder().deployments(deps).taskDefinitionArn(td).build();
    }

    List<Action> step(ServiceReconciler r) {
        List<Action> actions = r.reconcile(service, List.copyOf(tasks), service.desiredCount(), canRollback, firing);
        for (Action a : actions) apply(a);
        return actions;
    }

    void apply(Action a) {
        switch (a) {
            case Action.Start s -> {
                for (int i = 0; i < s.count(); i++) tasks.add(new TaskView("t" + (++seq), s.deploymentId(), "PENDING", "RUNNING", false, false, null, seq));
            }
            case Action.Stop s -> tasks.replaceAll(t -> s.taskArns().contains(t.taskArn())
                    ? new TaskView(t.taskArn(), t.deploymentId(), "STOPPED", "STOPPED", false, false, "ServiceSchedulerInitiated", t.createdSeq()) : t);
            case Action.Rollout ro -> service = service.toBuilder().deployments(service.deployments().stream()
                    .map(d -> d.id().equals(ro.deploymentId()) ? d.withRollout(ro.state(), ro.reason(), null, Instant.EPOCH) : d).toList()).build();
            case Action.Retire re -> service = service.toBuilder().deployments(service.deployments().stream()
                    .filter(d -> !d.id().equals(re.deploymentId())).toList()).build();
            case Action.Rollback rb -> deploy("rollback-" + rb.failedDeploymentId(), "td:rollback");
            case Action.Event e -> { }
        }
    }

    /** Every PENDING task comes up healthy (or, with newTasksFail, exits as a failed task). */
    void progress() {
        tasks.replaceAll(t -> !"PENDING".equals(t.lastStatus()) ? t : newTasksFail && !t.deploymentId().startsWith("rollback")
                ? new TaskView(t.taskArn(), t.deploymentId(), "STOPPED", "STOPPED", false, false, "EssentialContainerExited", t.createdSeq())
                : new TaskView(t.taskArn(), t.deploymentId(), "RUNNING", "RUNNING", true, false, null, t.createdSeq()));
    }

    long live() { return tasks.stream().filter(TaskView::live).count(); }
    long healthy() { return tasks.stream().filter(TaskView::healthyRunning).count(); }
    long liveOf(String deploymentId) { return tasks.stream().filter(t -> t.live() && t.deploymentId().equals(deploymentId)).count(); }
    Deployment deployment(String id) { return service.deployments().stream().filter(d -> d.id().equals(id)).findFirst().orElse(null); }
}
