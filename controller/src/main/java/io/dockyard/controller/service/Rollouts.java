package io.dockyard.controller.service;

import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.launch.Deployments;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deployment bookkeeping: a deployment's rolloutState and its history record (service deployment),
 * the circuit breaker's rollback to the last successful task definition, and the "steady state" event
 * when a service becomes steady.
 */
final class Rollouts {
    private final Store store;
    private final Map<String, Boolean> steady = new HashMap<>();

    Rollouts(Store store) { this.store = store; }

    /**
     * Whether a failed deployment can roll the service back: rollback is on (for the circuit breaker or the deployment
     * alarms; the reconciler checks which one failed it) and a deployment succeeded before.
     */
    boolean canRollback(Service s) {
        return (s.deploymentConfig().circuitBreakerRollback() || s.deploymentConfig().alarmsRollback()) && !successful(s).isEmpty();
    }

    /** Whether the failure {@code r} rolls back: the rollback flag of what failed it (the deployment alarms, else the circuit breaker). */
    private static boolean rollsBack(Service s, Action.Rollout r) {
        boolean byAlarms = r.reason() != null && r.reason().startsWith("ECS deployment alarms");
        return byAlarms ? s.deploymentConfig().alarmsRollback() : s.deploymentConfig().circuitBreakerRollback();
    }

    /** The deployment COMPLETED or FAILED, its history record (and a rollback's) updated, and the matching events. */
    Service rollout(Service s, Action.Rollout r, Instant now) {
        List<Deployment> deps = s.deployments().stream().map(d -> d.id().equals(r.deploymentId())
                ? d.withRollout(r.state(), r.reason(), "COMPLETED".equals(r.state()) ? "SUCCESSFUL" : "FAILED", now) : d).toList();
        Deployment d = deps.stream().filter(x -> x.id().equals(r.deploymentId())).findFirst().orElseThrow();
        store.list(Kinds.SERVICE_DEPLOYMENT, sd -> d.id().equals(sd.deploymentId())).forEach(sd -> {
            String status;
            if ("COMPLETED".equals(r.state())) status = d.rollback() ? "ROLLBACK_SUCCESSFUL" : "SUCCESSFUL";
            else status = d.rollback() ? "ROLLBACK_FAILED" : "ROLLBACK_REQUESTED";
            if ("FAILED".equals(r.state()) && !rollsBack(s, r)) status = "STOPPED";
            store.put(Kinds.SERVICE_DEPLOYMENT, sd.withStatus(status, r.reason(), now));
        });
        if (d.rollback() && "COMPLETED".equals(r.state())) {
            store.list(Kinds.SERVICE_DEPLOYMENT, sd -> sd.serviceArn().equals(s.arn()) && "ROLLBACK_IN_PROGRESS".equals(sd.status()))
                    .forEach(sd -> store.put(Kinds.SERVICE_DEPLOYMENT, sd.withStatus("ROLLBACK_SUCCESSFUL", "Rolled back to " + d.taskDefinitionArn() + ".", now)));
        }
        Service out = s.toBuilder().deployments(deps).build();
        if ("COMPLETED".equals(r.state())) {
            out = Deployments.event(out, ServiceEvents.completed(s, d.id()), now);
            out = Deployments.event(out, ServiceEvents.steady(s), now);
            steady.put(s.arn(), true);
        } else {
            out = Deployments.event(out, ServiceEvents.failed(s, d.id(), r.reason()), now);
        }
        return out;
    }

    /** A new deployment of the last successful task definition, the failed one's history record ROLLBACK_IN_PROGRESS. */
    Service rollback(Service s, Action.Rollback rb, Instant now) {
        ServiceDeployment target = successful(s).stream().max(Comparator.comparing(ServiceDeployment::createdAt)).orElse(null);
        if (target == null) return s;
        store.list(Kinds.SERVICE_DEPLOYMENT, sd -> rb.failedDeploymentId().equals(sd.deploymentId())).forEach(sd ->
                store.put(Kinds.SERVICE_DEPLOYMENT, sd.withRollback("ECS deployment circuit breaker: tasks failed to start.", now, target.targetTaskDefinitionArn())));
        Service out = Deployments.deploy(store, s, target.targetTaskDefinitionArn(), true, now);
        return Deployments.event(out, ServiceEvents.failed(s, rb.failedDeploymentId(),
                "tasks failed to start. Rolling back to " + target.targetTaskDefinitionArn() + "."), now);
    }

    /** Emits "has reached a steady state" when a service that was not steady becomes so. */
    void noteSteady(Service s, List<TaskView> views, int desired, Instant now) {
        long healthy = views.stream().filter(TaskView::healthyRunning).count();
        long live = views.stream().filter(TaskView::live).count();
        boolean isSteady = healthy == desired && live == desired;
        Boolean was = steady.put(s.arn(), isSteady);
        if (isSteady && Boolean.FALSE.equals(was)) {
            store.put(Kinds.SERVICE, Deployments.event(s, ServiceEvents.steady(s), now).toBuilder().version(s.version() + 1).build());
        }
    }

    private List<ServiceDeployment> successful(Service s) {
        return store.list(Kinds.SERVICE_DEPLOYMENT, sd -> sd.serviceArn().equals(s.arn()) && "SUCCESSFUL".equals(sd.status()));
    }
}
