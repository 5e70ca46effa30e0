package io.dockyard.controller.service;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.AlarmStates;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.launch.ServiceLaunches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service scheduler: on every state change (and at least once a second) it reconciles each
 * ACTIVE or DRAINING service — desired (the service record) against running (its tasks) — and
 * applies the {@link ServiceReconciler}'s actions ({@link ServiceActions}) or, during a blue/green,
 * linear or canary deployment, the {@link BlueGreenSteps}. Everything it decides is written to the
 * store, so after a restart it picks up exactly where it stopped: nothing is kept only in memory but
 * events' throttling.
 */
public final class ServiceController implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceController.class);

    private final Store store;
    private final Clock clock;
    private final DaemonTargets daemons;
    private final ServiceReconciler reconciler = new ServiceReconciler();
    private final LostTasks lostTasks;
    private Instant lastLostSweep;
    private final TaskEndpoints endpoints;
    private final BlueGreen blueGreen;
    private final TaskStopper stopper;
    private final Rollouts rollouts;
    private final TaskViews taskViews;
    private final ServiceActions serviceActions;
    private final BlueGreenSteps blueGreenSteps;
    private final TaskSetPass taskSets;
    private volatile boolean running = true;
    private volatile AlarmStates alarms = AlarmStates.NONE;
    /** When each deployment watched by alarms was first ready to complete: it completes after the alarms' window (the bake time). */
    private final Map<String, Instant> readySince = new java.util.concurrent.ConcurrentHashMap<>();
    private Supervisor.Loop loop;

    public ServiceController(Store store, Clock clock, ServiceLaunches launches, DaemonTargets daemons, Duration lostAfter) {
        this(store, clock, launches, daemons, lostAfter, TaskEndpoints.NONE, Duration.ofMinutes(1));
    }

    /**
     * With {@code endpoints}: load balancer targets and Cloud Map instances follow the service's tasks.
     * {@code minute} is how long one minute of a deployment's bake times lasts (shorter in tests).
     */
    public ServiceController(Store store, Clock clock, ServiceLaunches launches, DaemonTargets daemons, Duration lostAfter,
                             TaskEndpoints endpoints, Duration minute) {
        this.store = store;
        this.clock = clock;
        this.daemons = daemons;
        this.lostTasks = new LostTasks(lostAfter);
        this.endpoints = endpoints;
        this.blueGreen = new BlueGreen(store, endpoints);
        this.stopper = new TaskStopper(store, endpoints);
        this.rollouts = new Rollouts(store);
        this.taskViews = new TaskViews(store, stopper);
        this.serviceActions = new ServiceActions(new TaskStarter(launches), stopper, rollouts);
        this.blueGreenSteps = new BlueGreenSteps(blueGreen, serviceActions, minute);
        this.taskSets = new TaskSetPass(store, endpoints, stopper, taskViews, serviceActions);
    }

    /** Where the deployment alarms' states are read (CloudWatch); the loop looks at least once a second. */
    public ServiceController alarms(AlarmStates states) {
        this.alarms = states;
        return this;
    }

    /** Starts the loop {@code service-controller} under the supervisor. */
    public ServiceController start(Supervisor supervisor) {
        loop = supervisor.start("service-controller", this::loop);
        return this;
    }

    private void loop() {
        long seen = -1;
        while (running) {
            try {
                // the store's commits wake the loop; a pass that changed something is followed by another at once
                if (seen >= 0) store.changes().await(seen, Duration.ofSeconds(1));
                if (!running) break;
                seen = store.changes().head();
                if (reconcileAll()) seen = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("service reconciliation failed: {}", e.toString(), e);
                sleep();
            }
        }
    }

    /**
     * With deployment alarms, a deployment ready to complete stays IN_PROGRESS for the alarms' window
     * (Period × EvaluationPeriods, the longest of them), so that an alarm can still fail it, as ECS bakes.
     */
    private void bakeForAlarms(Service s, List<Action> actions, Instant now) {
        if (!s.deploymentConfig().alarmsEnabled() || s.deploymentConfig().alarmNames().isEmpty()) return;
        if (s.primary() != null && s.primary().rollback()) return; // a rollback completes as soon as it is steady
        for (var it = actions.iterator(); it.hasNext(); ) {
            if (!(it.next() instanceof Action.Rollout r) || !"COMPLETED".equals(r.state())) continue;
            Duration bake = s.deploymentConfig().alarmNames().stream().map(alarms::window).max(Duration::compareTo).orElse(Duration.ZERO);
            Instant since = readySince.computeIfAbsent(r.deploymentId(), k -> now);
            if (now.isBefore(since.plus(bake))) it.remove();
            else readySince.remove(r.deploymentId());
        }
    }

    /** One pass over every live service; true if anything changed. */
    public boolean reconcileAll() {
        boolean changed = false;
        Instant now = clock.instant();
        if (lastLostSweep == null || !now.isBefore(lastLostSweep.plusSeconds(1))) {
            // a scan of every instance: once a second at most, not on every change (a large fleet changes all the time)
            lastLostSweep = now;
            changed = lostTasks.sweep(store, now) > 0;
        }
        for (Service s : store.list(Kinds.SERVICE, s -> !"INACTIVE".equals(s.status()))) {
            // exclusively: a pass keeps in-memory state (steady flags, drains) that must not see a rerun
            changed |= store.exclusively(() -> reconcile(s.clusterArn() + "|" + s.name()));
        }
        return changed;
    }

    private boolean reconcile(String key) {
        Service s = store.get(Kinds.SERVICE, key).orElse(null);
        if (s == null || "INACTIVE".equals(s.status())) return false;
        Instant now = clock.instant();
        List<Task> tasks = store.list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(s.clusterArn(), s.group()));
        if (s.usesTaskSets()) return reconcileTaskSets(s, tasks, now);
        BlueGreenState bg = BlueGreen.applies(s) && "ACTIVE".equals(s.status()) ? blueGreen.state(s, now) : null;
        TaskEndpoints.Placement placement = bg == null ? TaskEndpoints.Placement.PRIMARY : BlueGreen.placement(bg);
        Map<String, String> targetHealth = hasEndpoints(s) ? endpoints.sync(s, tasks, placement) : Map.of();
        boolean drained = stopper.finishDrains(tasks, targetHealth, now);
        TaskViews.Seen seen = taskViews.see(s, tasks, targetHealth, now);
        if (bg != null && bg.stage() != BlueGreenState.Stage.DONE) {
            Service out = blueGreenSteps.pass(s, bg, seen.views(), seen.failing(), now);
            if (out != null) store.put(Kinds.SERVICE, out.toBuilder().version(s.version() + 1).build());
            return out != null || drained;
        }
        int desired = s.isDaemon() ? daemons.instances(store, s).size() : s.desiredCount();
        List<String> firing = s.deploymentConfig().alarmsEnabled()
                ? s.deploymentConfig().alarmNames().stream().filter(n -> "ALARM".equals(alarms.state(n))).toList() : List.of();
        List<Action> actions = new ArrayList<>(reconciler.reconcile(s, seen.views(), desired, rollouts.canRollback(s), firing));
        bakeForAlarms(s, actions, now);
        if (!seen.failing().isEmpty()) actions.add(0, TaskStopper.failedHealthChecks(s, seen.failing()));

        if ("DRAINING".equals(s.status()) && tasks.stream().allMatch(Task::isStopped)) {
            store.put(Kinds.SERVICE, s.toBuilder().status("INACTIVE").version(s.version() + 1).build());
            store.delete(BlueGreenState.KIND, s.arn());
            return true;
        }
        if (actions.isEmpty()) {
            rollouts.noteSteady(s, seen.views(), desired, now);
            return drained;
        }
        Service updated = s;
        for (Action a : actions) updated = serviceActions.apply(updated, a, now);
        if (updated == s) return drained; // only repeated stops of tasks already draining: nothing changed
        store.put(Kinds.SERVICE, updated.toBuilder().version(s.version() + 1).build());
        return true;
    }

    /** EXTERNAL and CODE_DEPLOY services: their task sets; a DRAINING service with no task left goes INACTIVE with its task sets. */
    private boolean reconcileTaskSets(Service s, List<Task> tasks, Instant now) {
        if ("DRAINING".equals(s.status()) && tasks.stream().allMatch(Task::isStopped)) {
            store.list(Kinds.TASK_SETS_BY_SERVICE, s.arn()).forEach(ts -> store.delete(Kinds.TASK_SET, ts.arn()));
            store.put(Kinds.SERVICE, s.toBuilder().status("INACTIVE").version(s.version() + 1).build());
            return true;
        }
        Service out = taskSets.pass(s, tasks, now);
        if (out == null) return false;
        store.put(Kinds.SERVICE, out.toBuilder().version(s.version() + 1).build());
        return true;
    }

    private static boolean hasEndpoints(Service s) {
        return s.loadBalancers() != null && !s.loadBalancers().isEmpty() || s.serviceRegistries() != null && !s.serviceRegistries().isEmpty();
    }

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
        if (loop != null) loop.stop();
    }

}
