package io.dockyard.controller.service;

import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.DeploymentConfig;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Signal;
import io.dockyard.core.port.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service scheduler: on every state change (and at least once a second) it reconciles each
 * ACTIVE or DRAINING service — desired (the service record) against running (its tasks) — and
 * applies the {@link ServiceReconciler}'s actions. Everything it decides is written to the store, so
 * after a restart it picks up exactly where it stopped: nothing is kept only in memory but events'
 * throttling.
 */
public final class ServiceController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceController.class);

    private final Store store;
    private final Signal signal;
    private final Clock clock;
    private final TaskLauncher launcher;
    private final DaemonTargets daemons;
    private final ServiceReconciler reconciler = new ServiceReconciler();
    private final LostTasks lostTasks;
    private final TaskEndpoints endpoints;
    private final BlueGreen blueGreen;
    private final BlueGreenPlanner blueGreenPlanner = new BlueGreenPlanner();
    private final Duration minute;
    private final Map<String, Instant> draining = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Duration MAX_DRAIN = Duration.ofMinutes(10);
    private final Map<String, String> lastPlacementEvent = new HashMap<>();
    private final Map<String, Boolean> steady = new HashMap<>();
    private volatile boolean running = true;
    private Thread thread;

    public ServiceController(Store store, Signal signal, Clock clock, TaskLauncher launcher, DaemonTargets daemons, Duration lostAfter) {
        this(store, signal, clock, launcher, daemons, lostAfter, TaskEndpoints.NONE, Duration.ofMinutes(1));
    }

    /**
     * With {@code endpoints}: load balancer targets and Cloud Map instances follow the service's tasks.
     * {@code minute} is how long one minute of a deployment's bake times lasts (shorter in tests).
     */
    public ServiceController(Store store, Signal signal, Clock clock, TaskLauncher launcher, DaemonTargets daemons, Duration lostAfter,
                             TaskEndpoints endpoints, Duration minute) {
        this.endpoints = endpoints;
        this.minute = minute;
        this.blueGreen = new BlueGreen(store, endpoints);
        this.lostTasks = new LostTasks(lostAfter);
        this.store = store;
        this.signal = signal;
        this.clock = clock;
        this.launcher = launcher;
        this.daemons = daemons;
    }

    public ServiceController start() {
        thread = Thread.ofVirtual().name("service-controller").start(this::loop);
        return this;
    }

    private void loop() {
        long seen = -1;
        while (running) {
            try {
                seen = signal.await(seen, Duration.ofSeconds(1));
                if (!running) break;
                if (reconcileAll()) signal.fire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("service reconciliation failed: {}", e.toString(), e);
                sleep();
            }
        }
    }

    /** One pass over every live service; true if anything changed. */
    public boolean reconcileAll() {
        boolean changed = lostTasks.sweep(store, clock.instant()) > 0;
        for (Service s : store.list(Kinds.SERVICE, s -> !"INACTIVE".equals(s.status()))) {
            changed |= store.atomically(() -> reconcile(s.clusterArn() + "|" + s.name()));
        }
        return changed;
    }

    private boolean reconcile(String key) {
        Service s = store.get(Kinds.SERVICE, key).orElse(null);
        if (s == null || "INACTIVE".equals(s.status())) return false;
        Instant now = clock.instant();
        List<Task> tasks = store.list(Kinds.TASK, t -> t.clusterArn().equals(s.clusterArn()) && s.group().equals(t.group()));
        java.util.Set<String> drainingInstances = new java.util.HashSet<>();
        store.list(Kinds.CONTAINER_INSTANCE, i -> i.clusterArn().equals(s.clusterArn()) && !"ACTIVE".equals(i.status()))
                .forEach(i -> drainingInstances.add(i.arn()));
        boolean balanced = s.loadBalancers() != null && !s.loadBalancers().isEmpty();
        BlueGreenState bg = BlueGreen.applies(s) && "ACTIVE".equals(s.status()) ? blueGreen.state(s, now) : null;
        TaskEndpoints.Placement placement = bg == null ? TaskEndpoints.Placement.PRIMARY : BlueGreen.placement(bg);
        Map<String, String> targetHealth = hasEndpoints(s) ? endpoints.sync(s, tasks, placement) : Map.of();
        boolean drained = finishDrains(s, tasks, targetHealth, now);
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
            if (draining.containsKey(t.taskArn())) {
                v = new TaskView(v.taskArn(), v.deploymentId(), v.lastStatus(), v.desiredStatus(), false, false, v.stopCode(), v.createdSeq(), true);
            }
            views.add(v);
        }
        if (bg != null && bg.stage() != BlueGreenPlanner.Stage.DONE) return blueGreenPass(s, bg, views, failing, now) || drained;
        DaemonTargets.Targets daemon = s.isDaemon() ? daemons.targets(store, s, tasks) : null;
        int desired = s.isDaemon() ? daemon.instances().size() : s.desiredCount();
        boolean canRollback = s.deploymentConfig().circuitBreakerRollback()
                && !store.list(Kinds.SERVICE_DEPLOYMENT, sd -> sd.serviceArn().equals(s.arn()) && "SUCCESSFUL".equals(sd.status())).isEmpty();
        List<Action> actions = new ArrayList<>(reconciler.reconcile(s, views, desired, canRollback));
        if (!failing.isEmpty()) {
            String tg = String.valueOf(s.loadBalancers().get(0).get("targetGroupArn"));
            actions.add(0, new Action.Stop(failing, "Task failed ELB health checks in (target-group " + tg + ")"));
        }

        if ("DRAINING".equals(s.status()) && tasks.stream().allMatch(Task::isStopped)) {
            store.put(Kinds.SERVICE, s.toBuilder().status("INACTIVE").version(s.version() + 1).build());
            store.delete(BlueGreenState.KIND, s.arn());
            return true;
        }
        if (actions.isEmpty()) {
            noteSteady(s, views, desired, now);
            return drained;
        }
        Service updated = s;
        for (Action a : actions) updated = apply(updated, a, daemon, now);
        store.put(Kinds.SERVICE, updated.toBuilder().version(s.version() + 1).build());
        return true;
    }

    /** One step of a blue/green deployment in progress; true if anything changed. */
    private boolean blueGreenPass(Service s, BlueGreenState bg, List<TaskView> views, List<String> failing, Instant now) {
        DeploymentConfig cfg = s.deploymentConfig();
        Deployment primary = s.primary();
        boolean stopRequested = primary.id().equals(bg.greenDeploymentId()) && "FAILED".equals(primary.rolloutState());
        List<BlueGreenPlanner.Step> steps = blueGreenPlanner.plan(bg, views, s.desiredCount(), TrafficShift.of(cfg, minute), now,
                stopRequested, cfg.circuitBreakerEnabled());
        if (steps.isEmpty() && failing.isEmpty()) return false;
        Service out = s;
        if (!failing.isEmpty()) {
            out = apply(out, new Action.Stop(failing, "Task failed ELB health checks in (target-group " + s.loadBalancers().get(0).get("targetGroupArn") + ")"), null, now);
        }
        String green = bg.greenDeploymentId();
        String label = "(service " + s.name() + ") (deployment " + green + ") ";
        for (BlueGreenPlanner.Step step : steps) {
            switch (step) {
                case BlueGreenPlanner.Step.Start st -> out = start(out, new Action.Start(green, st.count()), null, now);
                case BlueGreenPlanner.Step.Stop st -> out = apply(out, new Action.Stop(st.taskArns(), st.reason()), null, now);
                case BlueGreenPlanner.Step.ShiftTest st -> {
                    blueGreen.shift(out, bg, BlueGreen.TEST, TrafficShift.ALL);
                    out = Deployments.event(out, label + "test traffic shifted to the green service revision.", now);
                }
                case BlueGreenPlanner.Step.ShiftProduction st -> {
                    blueGreen.shift(out, bg, BlueGreen.PRODUCTION, st.greenPermille());
                    bg = bg.shifted(st.greenPermille(), now);
                    blueGreen.put(bg);
                    out = Deployments.event(out, label + productionShifted(st.greenPermille()), now);
                }
                case BlueGreenPlanner.Step.Enter st -> {
                    bg = bg.at(st.stage(), now);
                    blueGreen.put(bg);
                }
                case BlueGreenPlanner.Step.Complete st -> {
                    out = rollout(out, new Action.Rollout(green, "COMPLETED", "ECS deployment " + green + " completed."), now);
                    out = out.toBuilder().deployments(out.deployments().stream().filter(Deployment::isPrimary).toList()).build();
                    bg = bg.at(BlueGreenPlanner.Stage.DONE, now);
                    blueGreen.put(bg);
                }
                case BlueGreenPlanner.Step.Rollback st -> out = blueGreenRollback(out, bg, views, st.reason(), now);
            }
        }
        store.put(Kinds.SERVICE, out.toBuilder().version(s.version() + 1).build());
        return true;
    }

    /** Production and test traffic back to blue at once, then green drained and stopped. */
    private Service blueGreenRollback(Service s, BlueGreenState bg, List<TaskView> views, String reason, Instant now) {
        String green = bg.greenDeploymentId();
        if (s.deployments().stream().noneMatch(d -> d.id().equals(bg.blueDeploymentId()))) {
            blueGreen.put(bg.at(BlueGreenPlanner.Stage.DONE, now));
            return rollout(s, new Action.Rollout(green, "FAILED", reason), now);
        }
        blueGreen.toBlue(s, bg);
        blueGreen.put(bg.rolledBack(now));
        Service out = blueGreen.rolledBack(s, bg, reason, now);
        out = Deployments.event(out, "(service " + s.name() + ") (deployment " + green + ") deployment failed: " + reason
                + " Traffic shifted back to the blue service revision.", now);
        List<String> greenTasks = views.stream().filter(t -> t.deploymentId().equals(green) && t.live() && !t.draining()).map(TaskView::taskArn).toList();
        return greenTasks.isEmpty() ? out : apply(out, new Action.Stop(greenTasks, "Rolled back blue/green deployment " + green), null, now);
    }

    private static String productionShifted(int greenPermille) {
        if (greenPermille >= TrafficShift.ALL) return "production traffic shifted to the green service revision.";
        return String.format(java.util.Locale.ROOT, "production traffic shifted: %.1f%% to the green service revision, %.1f%% to the blue service revision.",
                greenPermille / 10.0, (TrafficShift.ALL - greenPermille) / 10.0);
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

    private Service apply(Service s, Action a, DaemonTargets.Targets daemon, Instant now) {
        return switch (a) {
            case Action.Start start -> start(s, start, daemon, now);
            case Action.Stop stop -> {
                for (String arn : stop.taskArns()) stopOrDrain(s, arn, stop.reason(), now);
                yield Deployments.event(s, "(service " + s.name() + ") has stopped " + stop.taskArns().size() + " running tasks: "
                        + stop.taskArns().stream().map(ServiceController::taskLabel).toList() + ".", now);
            }
            case Action.Rollout r -> rollout(s, r, now);
            case Action.Rollback rb -> rollback(s, rb, now);
            case Action.Retire re -> s.toBuilder().deployments(s.deployments().stream().filter(d -> !d.id().equals(re.deploymentId())).toList()).build();
            case Action.Event e -> Deployments.event(s, e.message(), now);
        };
    }

    private Service start(Service s, Action.Start start, DaemonTargets.Targets daemon, Instant now) {
        Deployment d = s.deployments().stream().filter(x -> x.id().equals(start.deploymentId())).findFirst().orElseThrow();
        List<String> started = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (daemon != null) {
            for (String instance : daemon.missing()) {
                if (started.size() >= start.count()) break;
                var l = launcher.launch(s, d, 1, instance);
                started.addAll(l.taskArns());
                failures.addAll(l.failureReasons());
            }
        } else {
            var l = launcher.launch(s, d, start.count(), null);
            started.addAll(l.taskArns());
            failures.addAll(l.failureReasons());
        }
        Service out = s;
        if (!started.isEmpty()) {
            out = Deployments.event(out, "(service " + s.name() + ") has started " + started.size() + " tasks: "
                    + started.stream().map(ServiceController::taskLabel).toList() + ".", now);
            lastPlacementEvent.remove(s.arn());
        }
        if (started.size() < start.count()) {
            String reason = failures.isEmpty() ? "no container instance met all of its requirements" : failures.get(0);
            String msg = "(service " + s.name() + ") was unable to place a task because no container instance met all of its requirements. "
                    + describe(reason);
            if (!msg.equals(lastPlacementEvent.get(s.arn()))) {
                lastPlacementEvent.put(s.arn(), msg);
                out = Deployments.event(out, msg, now);
            }
        }
        return out;
    }

    private static String describe(String reason) {
        return switch (reason) {
            case "RESOURCE:MEMORY" -> "The closest matching container-instance has insufficient memory available.";
            case "RESOURCE:CPU" -> "The closest matching container-instance has insufficient CPU units available.";
            case "RESOURCE:PORTS" -> "The closest matching container-instance is already using a port required by your task.";
            case "AGENT" -> "The closest matching container-instance has its agent disconnected or is not ACTIVE.";
            default -> "Reason: " + reason + ".";
        };
    }

    private boolean hasEndpoints(Service s) {
        return s.loadBalancers() != null && !s.loadBalancers().isEmpty() || s.serviceRegistries() != null && !s.serviceRegistries().isEmpty();
    }

    /** A task behind a load balancer first drains (no new requests, in-flight ones finish), then stops. */
    private void stopOrDrain(Service s, String arn, String reason, Instant now) {
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
    private boolean finishDrains(Service s, List<Task> tasks, Map<String, String> health, Instant now) {
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

    private final Map<String, String> drainReasons = new java.util.concurrent.ConcurrentHashMap<>();

    private void stopTask(String arn, String reason, Instant now) {
        store.get(Kinds.TASK, arn).filter(t -> !"STOPPED".equals(t.desiredStatus())).ifPresent(t -> {
            Task.Builder b = t.toBuilder().desiredStatus("STOPPED").stopCode("ServiceSchedulerInitiated").stoppedReason(reason)
                    .stoppingAt(t.stoppingAt() == null ? now : t.stoppingAt()).version(t.version() + 1);
            if ("PROVISIONING".equals(t.lastStatus())) b.lastStatus("STOPPED").stoppedAt(now).executionStoppedAt(now);
            store.put(Kinds.TASK, b.build());
            store.delete(Kinds.TASK_PROTECTION, arn);
        });
    }

    private Service rollout(Service s, Action.Rollout r, Instant now) {
        List<Deployment> deps = s.deployments().stream().map(d -> d.id().equals(r.deploymentId())
                ? d.withRollout(r.state(), r.reason(), "COMPLETED".equals(r.state()) ? "SUCCESSFUL" : "FAILED", now) : d).toList();
        Deployment d = deps.stream().filter(x -> x.id().equals(r.deploymentId())).findFirst().orElseThrow();
        store.list(Kinds.SERVICE_DEPLOYMENT, sd -> d.id().equals(sd.deploymentId())).forEach(sd -> {
            String status;
            if ("COMPLETED".equals(r.state())) status = d.rollback() ? "ROLLBACK_SUCCESSFUL" : "SUCCESSFUL";
            else status = d.rollback() ? "ROLLBACK_FAILED" : "ROLLBACK_REQUESTED";
            if ("FAILED".equals(r.state()) && !s.deploymentConfig().circuitBreakerRollback()) status = "STOPPED";
            store.put(Kinds.SERVICE_DEPLOYMENT, sd.withStatus(status, r.reason(), now));
        });
        if (d.rollback() && "COMPLETED".equals(r.state())) {
            store.list(Kinds.SERVICE_DEPLOYMENT, sd -> sd.serviceArn().equals(s.arn()) && "ROLLBACK_IN_PROGRESS".equals(sd.status()))
                    .forEach(sd -> store.put(Kinds.SERVICE_DEPLOYMENT, sd.withStatus("ROLLBACK_SUCCESSFUL", "Rolled back to " + d.taskDefinitionArn() + ".", now)));
        }
        Service out = s.toBuilder().deployments(deps).build();
        if ("COMPLETED".equals(r.state())) {
            out = Deployments.event(out, "(service " + s.name() + ") (deployment " + d.id() + ") deployment completed.", now);
            out = Deployments.event(out, "(service " + s.name() + ") has reached a steady state.", now);
            steady.put(s.arn(), true);
        } else {
            out = Deployments.event(out, "(service " + s.name() + ") (deployment " + d.id() + ") deployment failed: " + r.reason(), now);
        }
        return out;
    }

    private Service rollback(Service s, Action.Rollback rb, Instant now) {
        ServiceDeployment target = store.list(Kinds.SERVICE_DEPLOYMENT, sd -> sd.serviceArn().equals(s.arn()) && "SUCCESSFUL".equals(sd.status()))
                .stream().max(java.util.Comparator.comparing(ServiceDeployment::createdAt)).orElse(null);
        if (target == null) return s;
        store.list(Kinds.SERVICE_DEPLOYMENT, sd -> rb.failedDeploymentId().equals(sd.deploymentId())).forEach(sd ->
                store.put(Kinds.SERVICE_DEPLOYMENT, sd.withRollback("ECS deployment circuit breaker: tasks failed to start.", now, target.targetTaskDefinitionArn())));
        Service out = Deployments.deploy(store, s, target.targetTaskDefinitionArn(), true, now);
        return Deployments.event(out, "(service " + s.name() + ") (deployment " + rb.failedDeploymentId()
                + ") deployment failed: tasks failed to start. Rolling back to " + target.targetTaskDefinitionArn() + ".", now);
    }

    /** Emits "has reached a steady state" when a service that was not steady becomes so. */
    private void noteSteady(Service s, List<TaskView> views, int desired, Instant now) {
        long healthy = views.stream().filter(TaskView::healthyRunning).count();
        long live = views.stream().filter(TaskView::live).count();
        boolean isSteady = healthy == desired && live == desired;
        Boolean was = steady.put(s.arn(), isSteady);
        if (isSteady && Boolean.FALSE.equals(was)) {
            store.put(Kinds.SERVICE, Deployments.event(s, "(service " + s.name() + ") has reached a steady state.", now).toBuilder().version(s.version() + 1).build());
        }
    }

    private static String taskLabel(String arn) { return "(task " + arn.substring(arn.lastIndexOf('/') + 1) + ")"; }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        signal.fire();
        if (thread != null) thread.interrupt();
    }

}
