package io.dockyard.codedeploy.run;

import io.dockyard.codedeploy.CdKinds;
import io.dockyard.codedeploy.model.Deployment;
import io.dockyard.codedeploy.model.DeploymentConfig;
import io.dockyard.codedeploy.model.DeploymentGroup;
import io.dockyard.core.AwsException;
import io.dockyard.core.Arns;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.model.TaskSet;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.core.port.TrafficRoutes;
import io.dockyard.launch.Clusters;
import io.dockyard.launch.TaskSets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs ECS blue/green deployments step by step, each step one store transaction, so a restart goes on
 * where it stopped: the replacement (green) task set on the target group production does not use;
 * once it is steady, the test listener to green; the ready wait; production traffic shifted as the
 * deployment configuration says; green made primary; the termination wait; the original (blue) task
 * set deleted. A stop or a failure sends traffic back to blue and deletes green. One "minute" of the
 * waits lasts {@code minute} (shorter in tests).
 */
public final class DeploymentRunner {
    private static final Logger log = LoggerFactory.getLogger(DeploymentRunner.class);
    /** How long green may take to become steady before the deployment fails (60 minutes, as CodeDeploy's ECS timeout). */
    private static final int GREEN_TIMEOUT_MINUTES = 60;

    private final Store store;
    private final Clock clock;
    private final TrafficRoutes routes;
    private final Duration minute;

    public DeploymentRunner(Store store, Clock clock, TrafficRoutes routes, Duration minute) {
        this.store = store;
        this.clock = clock;
        this.routes = routes;
        this.minute = minute;
    }

    /** The loop: a pass on every change of deployments, groups and task sets (green's stability), at least once a second (the waits). */
    public void run() throws InterruptedException {
        Changes.Follower changes = store.changes().follow(List.of(CdKinds.DEPLOYMENT, CdKinds.GROUP, Kinds.TASK_SET));
        while (!Thread.currentThread().isInterrupted()) {
            pass();
            changes.await(Duration.ofSeconds(1));
        }
    }

    /** One step of every deployment not done; true if any changed. */
    public boolean pass() {
        boolean changed = false;
        for (Deployment d : store.list(CdKinds.DEPLOYMENT, x -> !x.done())) {
            try {
                changed |= store.atomically(() -> step(d.id()));
            } catch (RuntimeException e) {
                log.warn("codedeploy deployment {}: {}", d.id(), e.toString());
                changed |= store.atomically(() -> fail(d.id(), "INTERNAL_ERROR", e.getMessage()));
            }
        }
        return changed;
    }

    private long minutesIn(Deployment d, Instant now) {
        return Duration.between(d.stageSince(), now).toMillis() / Math.max(1, minute.toMillis());
    }

    private boolean step(String id) {
        Deployment d = store.get(CdKinds.DEPLOYMENT, id).orElse(null);
        if (d == null || d.done()) return false;
        DeploymentGroup g = store.get(CdKinds.GROUP, d.applicationName() + "|" + d.deploymentGroupName()).orElse(null);
        if (g == null) return fail(id, "DEPLOYMENT_GROUP_MISSING", "The deployment group was deleted.");
        Instant now = clock.instant();
        return switch (d.stage()) {
            case "GREEN" -> green(d, g, now);
            case "READY" -> {
                if (minutesIn(d, now) < g.readyWaitMinutes()) yield false;
                put(d.withError("DEPLOYMENT_READY_TIMEOUT", "The replacement task set was not rerouted to within the ready wait time.", true)
                        .at(d.status(), "ROLLBACK", now));
                yield true;
            }
            case "SHIFTING" -> shift(d, g, now);
            case "BAKING" -> {
                if (minutesIn(d, now) < g.terminationWaitMinutes()) yield false;
                put(d.at("Baking", "TERMINATE", now));
                yield true;
            }
            case "TERMINATE" -> terminate(d, g, now);
            case "ROLLBACK" -> rollback(d, g, now);
            case "STOP" -> {
                put(d.at("Stopped", "DONE", now));
                yield true;
            }
            default -> false;
        };
    }

    /** Starts the green task set, then waits for it to be steady. */
    private boolean green(Deployment d, DeploymentGroup g, Instant now) {
        if (d.greenTaskSetArn() == null) return startGreen(d, g, now);
        TaskSet green = store.get(Kinds.TASK_SET, d.greenTaskSetArn()).orElse(null);
        if (green == null) return fail(d.id(), "ECS_UPDATE_ERROR", "The replacement task set is gone.");
        if (!"STEADY_STATE".equals(green.stabilityStatus())) {
            if (minutesIn(d, now) >= GREEN_TIMEOUT_MINUTES) return fail(d.id(), "TIMEOUT", "The replacement task set did not become steady in time.");
            return false;
        }
        for (String test : g.testListenerArns()) routes.weigh(test, Map.of(d.greenTargetGroupArn(), 100));
        if ("STOP_DEPLOYMENT".equals(g.readyActionOnTimeout()) && g.readyWaitMinutes() > 0) put(d.at("Ready", "READY", now));
        else put(d.at("InProgress", "SHIFTING", now));
        return true;
    }

    private boolean startGreen(Deployment d, DeploymentGroup g, Instant now) {
        Service s = store.get(Kinds.SERVICE, g.serviceKey()).filter(x -> "ACTIVE".equals(x.status())).orElse(null);
        if (s == null) return fail(d.id(), "ECS_SERVICE_MISSING", "The ECS service " + g.serviceName() + " does not exist or is not ACTIVE.");
        TaskSet blue = store.list(Kinds.TASK_SETS_BY_SERVICE, s.arn()).stream().filter(TaskSet::isPrimary).findFirst().orElse(null);
        if (blue == null) return fail(d.id(), "ECS_UPDATE_ERROR", "The ECS service has no primary task set.");
        TaskDefinition td = taskDefinition(d.taskDefinitionArn(), s);
        if (td == null) return fail(d.id(), "INVALID_REVISION", "The task definition " + d.taskDefinitionArn() + " does not exist.");
        var container = td.spec().container(d.containerName());
        if (container == null || container.portMappings().stream().noneMatch(p -> p.containerPort() == d.containerPort())) {
            return fail(d.id(), "INVALID_REVISION", "The container " + d.containerName() + " with port " + d.containerPort() + " is not in the task definition.");
        }
        List<String> pair = g.targetGroupNames().stream().map(n -> routes.targetGroupArn(n).orElse(null)).toList();
        if (pair.contains(null)) return fail(d.id(), "ELB_INVALID_INSTANCE", "A target group of the deployment group does not exist.");
        Map<String, Integer> live = routes.weights(g.prodListenerArns().get(0));
        String blueTg = pair.stream().filter(tg -> live.getOrDefault(tg, 0) > 0).findFirst().orElse(pair.get(0));
        String greenTg = pair.get(0).equals(blueTg) ? pair.get(1) : pair.get(0);
        Map<String, Object> lb = new LinkedHashMap<>();
        lb.put("targetGroupArn", greenTg);
        lb.put("containerName", d.containerName());
        lb.put("containerPort", d.containerPort());
        var spec = new TaskSets.Spec(td.arn(), blue.launchType(), blue.capacityProviderStrategy(), blue.platformVersion(), blue.networkConfiguration(),
                List.of(lb), blue.serviceRegistries());
        TaskSet green = TaskSets.create(store, s, spec, 100, "CODE_DEPLOY", d.id(), false, List.of(), now);
        // green's target group joins the production listener at weight 0: in use, so its targets are health checked
        weighProduction(g, blueTg, 100, greenTg, 0);
        put(d.withGreen(green.arn(), blue.arn(), blueTg, greenTg).at("InProgress", "GREEN", now));
        log.info("codedeploy deployment={} service={} green={} targetGroup={}", d.id(), s.name(), green.id(), greenTg);
        return true;
    }

    /** The AppSpec's task definition: an ARN, or {@code family:revision} in the service's account and region. */
    private TaskDefinition taskDefinition(String ref, Service s) {
        String arn = ref.startsWith("arn:") ? ref : Arns.sameAs(s.arn()).ecs("task-definition/" + ref);
        return Clusters.taskDefinition(store, arn).filter(t -> !t.deleteInProgress()).orElse(null);
    }

    /** Production traffic moves to green as the configuration says; at 100 % green becomes primary. */
    private boolean shift(Deployment d, DeploymentGroup g, Instant now) {
        DeploymentConfig cfg = CdKinds.config(store, d.deploymentConfigName()).orElse(null);
        if (cfg == null) return fail(d.id(), "DEPLOYMENT_CONFIG_MISSING", "The deployment configuration " + d.deploymentConfigName() + " is gone.");
        int pct = cfg.greenPercent(minutesIn(d, now));
        if (pct == d.greenPercent()) return false;
        weighProduction(g, d.blueTargetGroupArn(), 100 - pct, d.greenTargetGroupArn(), pct);
        Deployment shifted = d.withPercent(pct);
        if (pct < 100) {
            put(shifted);
            return true;
        }
        Service s = store.get(Kinds.SERVICE, g.serviceKey()).orElse(null);
        TaskSet green = store.get(Kinds.TASK_SET, d.greenTaskSetArn()).orElse(null);
        if (s == null || green == null) return fail(d.id(), "ECS_UPDATE_ERROR", "The ECS service or its replacement task set is gone.");
        TaskSets.makePrimary(store, s, green, now);
        put(shifted.at(g.terminationWaitMinutes() > 0 ? "Baking" : "InProgress", g.terminationWaitMinutes() > 0 ? "BAKING" : "TERMINATE", now));
        log.info("codedeploy deployment={} production traffic on green", d.id());
        return true;
    }

    private void weighProduction(DeploymentGroup g, String blueTg, int blue, String greenTg, int green) {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put(blueTg, blue);
        w.put(greenTg, green);
        for (String prod : g.prodListenerArns()) routes.weigh(prod, w);
    }

    /** The original task set goes (TERMINATE) or stays (KEEP_ALIVE); the deployment succeeded. */
    private boolean terminate(Deployment d, DeploymentGroup g, Instant now) {
        if ("TERMINATE".equals(g.terminationAction())) {
            store.get(Kinds.TASK_SET, d.blueTaskSetArn()).ifPresent(blue -> TaskSets.drain(store, blue, now));
        }
        put(d.at("Succeeded", "DONE", now));
        store.put(CdKinds.GROUP, g.withLastSuccessful(d.id()));
        log.info("codedeploy deployment={} succeeded", d.id());
        return true;
    }

    /** Traffic back to blue (primary again), green deleted; Stopped when a user stopped it, else Failed. */
    private boolean rollback(Deployment d, DeploymentGroup g, Instant now) {
        if (d.blueTargetGroupArn() != null) {
            try {
                weighProduction(g, d.blueTargetGroupArn(), 100, d.greenTargetGroupArn(), 0);
                for (String test : g.testListenerArns()) routes.weigh(test, Map.of(d.blueTargetGroupArn(), 100));
            } catch (AwsException e) {
                log.warn("codedeploy deployment={}: traffic not sent back to blue: {}", d.id(), e.getMessage());
            }
        }
        Service s = store.get(Kinds.SERVICE, g.serviceKey()).orElse(null);
        TaskSet blue = d.blueTaskSetArn() == null ? null : store.get(Kinds.TASK_SET, d.blueTaskSetArn()).orElse(null);
        if (s != null && blue != null && !blue.isPrimary() && !blue.isDraining()) TaskSets.makePrimary(store, s, blue, now);
        if (d.greenTaskSetArn() != null) store.get(Kinds.TASK_SET, d.greenTaskSetArn()).ifPresent(green -> TaskSets.drain(store, green, now));
        put(d.at("DEPLOYMENT_STOPPED".equals(d.errorCode()) ? "Stopped" : "Failed", "DONE", now));
        log.info("codedeploy deployment={} rolled back: {}", d.id(), d.errorMessage());
        return true;
    }

    private boolean fail(String id, String code, String message) {
        Deployment d = store.get(CdKinds.DEPLOYMENT, id).orElse(null);
        if (d == null || d.done()) return false;
        put(d.withError(code, message, true).at(d.status(), "ROLLBACK", clock.instant()));
        return true;
    }

    private void put(Deployment d) { store.put(CdKinds.DEPLOYMENT, d); }
}
