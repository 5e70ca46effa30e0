package io.dockyard.launch;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.scheduler.DaemonPlacement;
import io.dockyard.scheduler.Plan;
import io.dockyard.scheduler.PlacementRequest;
import io.dockyard.scheduler.PlanChecker;
import io.dockyard.scheduler.Reasons;
import io.dockyard.scheduler.Scheduler;
import io.dockyard.scheduler.Snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Launching tasks, the one way: RunTask, StartTask and the service scheduler hand in a
 * {@link LaunchRequest}; the scheduler plans where the tasks go; the tasks are stored once,
 * PROVISIONING. A scheduled plan is made on a snapshot read outside the write transaction and
 * checked against the current cluster when it is applied ({@link PlanChecker}, as Nomad's plan
 * applier): a plan that no longer fits is made again inside the transaction. Callers that need more
 * in the same transaction (RunTask's clientToken) wrap the call in {@code store.atomically}.
 */
public final class TaskLaunches {
    private final Store store;
    private final Clock clock;
    private final String defaultZone;
    private final Scheduler scheduler;
    private final PlacementStates states;

    public TaskLaunches(Store store, Clock clock, String defaultZone) {
        this(store, clock, defaultZone, new Scheduler());
    }

    TaskLaunches(Store store, Clock clock, String defaultZone, Scheduler scheduler) {
        this.store = store;
        this.clock = clock;
        this.defaultZone = defaultZone;
        this.scheduler = scheduler;
        this.states = new PlacementStates(store);
    }

    public Store store() { return store; }

    /**
     * Launches a scheduled request's tasks split over a capacity provider strategy (base first, then the weights, counting
     * the tasks each provider already runs); one launch per provider. Without a strategy, {@link #launch(LaunchRequest)}.
     */
    public Launched launch(LaunchRequest r, List<CapacityProviders.Item> strategy, Map<String, Integer> running) {
        if (strategy.size() < 2 || !(r.target() instanceof LaunchRequest.Scheduled s)) return launch(r);
        List<Task> tasks = new java.util.ArrayList<>();
        List<io.dockyard.scheduler.Plan.Failure> failures = new java.util.ArrayList<>();
        CapacityProviders.split(strategy, running, s.count()).forEach((provider, n) -> {
            Launched part = launch(r.on(provider).to(new LaunchRequest.Scheduled(n, s.constraints(), s.strategy())));
            tasks.addAll(part.tasks());
            failures.addAll(part.failures());
        });
        return new Launched(tasks, failures);
    }

    /**
     * Places and stores the tasks of the request; ClusterNotFoundException when the cluster went away meanwhile. Tasks of an
     * Auto Scaling group capacity provider that find no room are stored waiting in PROVISIONING ({@link #placeWaiting}).
     */
    public Launched launch(LaunchRequest r) {
        Instant now = clock.instant();
        return switch (r.target()) {
            case LaunchRequest.Scheduled s when r.fargate() -> applying(r, () -> fargate(r, s.count(), now));
            case LaunchRequest.Scheduled s -> scheduled(r, s, now);
            case LaunchRequest.OnInstances o -> applying(r, () -> onInstances(r, o, now));
            case LaunchRequest.Daemon d -> applying(r, () -> daemon(r, d, now));
        };
    }

    /** Runs {@code work} in a store transaction in which the request's cluster is still live. */
    private Launched applying(LaunchRequest r, Supplier<Launched> work) {
        return store.atomically(() -> {
            Clusters.requireActive(store, r.cluster().arn());
            return work.get();
        });
    }

    /** The capacity provider whose instances alone a task may go to (an Auto Scaling group's), or null: any instance. */
    private static String provider(String capacityProviderName) {
        return capacityProviderName == null || CapacityProviders.BUILT_IN.contains(capacityProviderName) ? null : capacityProviderName;
    }

    /** A task of an Auto Scaling group capacity provider goes only to that provider's instances. */
    private static Snapshot onProvider(LaunchRequest r, Snapshot s) { return onProvider(r.capacityProviderName(), s); }

    private static Snapshot onProvider(String p, Snapshot s) {
        if (p == null || CapacityProviders.BUILT_IN.contains(p)) return s;
        List<io.dockyard.core.model.ContainerInstance> mine = s.instances().stream().filter(i -> p.equals(i.capacityProviderName())).toList();
        java.util.Set<String> arns = new java.util.HashSet<>();
        mine.forEach(i -> arns.add(i.arn()));
        return new Snapshot(mine, s.tasks().stream().filter(t -> arns.contains(t.task().containerInstanceArn())).toList());
    }

    private Launched scheduled(LaunchRequest r, LaunchRequest.Scheduled s, Instant now) {
        PlacementRequest request = placement(r, s.count(), s.constraints(), s.strategy());
        Plan proposed = states.with(r.cluster().arn(), provider(r.capacityProviderName()), state -> scheduler.place(state, request));
        return applying(r, () -> {
            if (!proposed.hasNoContainerInstances()) {
                // Nomad's plan applier: the plan is checked against the current state of the instances it touches only,
                // so launches on other instances (and other instances' heartbeats) never make it run again.
                Snapshot touched = Clusters.snapshot(store, r.cluster().arn(), new LinkedHashSet<>(proposed.placements()));
                if (PlanChecker.check(touched, request, proposed).fullyAccepted()) {
                    return waiting(r, s.count(), new Launched(store(r, touched, proposed.placements(), now), proposed.failures()), now);
                }
            }
            Snapshot current = onProvider(r, Clusters.snapshot(store, r.cluster().arn()));
            Plan plan = scheduler.place(current, request);
            Launched placed = plan.hasNoContainerInstances() ? new Launched(List.of(), plan.failures())
                    : new Launched(store(r, current, plan.placements(), now), plan.failures());
            return waiting(r, s.count(), placed, now);
        });
    }

    /**
     * Whether tasks that do not fit wait in PROVISIONING for capacity instead of failing, as on ECS: those of an Auto
     * Scaling group capacity provider (whose managed scaling adds the hosts they need).
     */
    static boolean waitsForCapacity(String capacityProviderName, String launchType) {
        return capacityProviderName != null && !CapacityProviders.BUILT_IN.contains(capacityProviderName) && !"FARGATE".equals(launchType);
    }

    /** The tasks waiting for capacity ({@link #isWaiting}), all under one value: found without a scan of every task. */
    static final io.dockyard.core.port.Index<Task> WAITING = io.dockyard.core.port.Index.of("launch.tasks-waiting", Kinds.TASK,
            t -> isWaiting(t) ? "waiting" : null);

    /** A task stored without an instance, waiting in PROVISIONING for its capacity provider's hosts. */
    public static boolean isWaiting(Task t) {
        return t.containerInstanceArn() == null && "PROVISIONING".equals(t.lastStatus()) && "RUNNING".equals(t.desiredStatus())
                && waitsForCapacity(t.capacityProviderName(), t.launchType());
    }

    /** The tasks of a capacity provider's request that found no room are stored waiting (no instance), not failed. */
    private Launched waiting(LaunchRequest r, int count, Launched placed, Instant now) {
        if (!waitsForCapacity(r.capacityProviderName(), r.launchType()) || placed.tasks().size() >= count) return placed;
        List<Task> tasks = new ArrayList<>(placed.tasks());
        while (tasks.size() < count) tasks.add(put(NewTasks.create(r, null, defaultZone, now)));
        return new Launched(tasks, List.of());
    }

    /** What a pass over the waiting tasks did. */
    public record Provisioned(int placed, int timedOut, int waiting) {}

    /**
     * Places the tasks waiting for capacity ({@link #isWaiting}) on their provider's instances where they fit now, oldest
     * first, each plan checked when applied; a task that has waited longer than {@code timeout} stops (TaskFailedToStart).
     */
    public Provisioned placeWaiting(Duration timeout) {
        Instant now = clock.instant();
        List<Task> waiting = new ArrayList<>(store.list(WAITING, "waiting"));
        waiting.sort(java.util.Comparator.comparing(Task::createdAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        int placed = 0, timedOut = 0;
        for (Task t : waiting) {
            if (t.createdAt() != null && !now.isBefore(t.createdAt().plus(timeout))) {
                if (store.atomically(() -> timeOut(t.taskArn(), timeout, now))) timedOut++;
                continue;
            }
            if (place(t, now)) placed++;
        }
        return new Provisioned(placed, timedOut, waiting.size() - placed - timedOut);
    }

    private boolean place(Task t, Instant now) {
        io.dockyard.core.model.TaskDefinition td = Clusters.taskDefinition(store, t.taskDefinitionArn()).orElse(null);
        if (td == null) return false;
        PlacementRequest request = new PlacementRequest(TaskDemand.of(td.spec(), t.overrides()), 1, t.group(), td.family(), List.of(), List.of());
        Plan plan = states.with(t.clusterArn(), provider(t.capacityProviderName()), state -> scheduler.place(state, request));
        if (plan.placements().isEmpty()) return false;
        return store.atomically(() -> {
            Task current = store.get(Kinds.TASK, t.taskArn()).filter(TaskLaunches::isWaiting).orElse(null);
            if (current == null) return false;
            Snapshot touched = Clusters.snapshot(store, t.clusterArn(), new LinkedHashSet<>(plan.placements()));
            if (!PlanChecker.check(touched, request, plan).fullyAccepted()) return false;
            ContainerInstance instance = touched.instances().stream().filter(i -> i.arn().equals(plan.placements().getFirst())).findFirst().orElse(null);
            if (instance == null) return false;
            String zone = instance.attribute("ecs.availability-zone");
            store.put(Kinds.TASK, current.toBuilder().containerInstanceArn(instance.arn()).availabilityZone(zone == null ? current.availabilityZone() : zone)
                    .version(current.version() + 1).build());
            return true;
        });
    }

    private boolean timeOut(String taskArn, Duration timeout, Instant now) {
        Task t = store.get(Kinds.TASK, taskArn).filter(TaskLaunches::isWaiting).orElse(null);
        if (t == null) return false;
        store.put(Kinds.TASK, t.toBuilder().lastStatus("STOPPED").desiredStatus("STOPPED").stopCode("TaskFailedToStart")
                .stoppedReason("Capacity is unavailable at this time: no instance of capacity provider " + t.capacityProviderName()
                        + " had room for the task within " + timeout.toSeconds() + " seconds.")
                .stoppingAt(now).executionStoppedAt(now).stoppedAt(now).version(t.version() + 1).build());
        return true;
    }

    /** StartTask: each named instance takes one task if it has room; unknown ones are MISSING, inactive ones INACTIVE. */
    private Launched onInstances(LaunchRequest r, LaunchRequest.OnInstances o, Instant now) {
        Launched out = new Launched(List.of(), List.of());
        PlacementRequest request = placement(r, 1, List.of(), List.of());
        for (String arn : o.instanceArns()) {
            ContainerInstance instance = store.get(Kinds.CONTAINER_INSTANCE, arn)
                    .filter(i -> i.clusterArn().equals(r.cluster().arn()) && !"INACTIVE".equals(i.status())).orElse(null);
            if (instance == null) {
                out = out.merge(Launched.failed(new Plan.Failure(arn, Reasons.MISSING, null)));
                continue;
            }
            Snapshot one = Clusters.snapshot(store, instance);
            Plan plan = scheduler.place(one, request);
            if (plan.hasNoContainerInstances()) {
                out = out.merge(Launched.failed(new Plan.Failure(arn, Reasons.INACTIVE, null)));
                continue;
            }
            out = out.merge(new Launched(store(r, one, plan.placements(), now), plan.failures()));
        }
        return out;
    }

    /**
     * A DAEMON service: the instances that satisfy its memberOf constraints and lack a task of its
     * group get one (at most {@code limit}). Instances outside the constraints are not failures: the
     * service does not run there.
     */
    private Launched daemon(LaunchRequest r, LaunchRequest.Daemon d, Instant now) {
        PlacementRequest request = placement(r, d.limit(), d.constraints(), List.of());
        Snapshot current = Clusters.snapshot(store, r.cluster().arn());
        Plan plan = DaemonPlacement.place(current, request);
        if (plan.hasNoContainerInstances()) return new Launched(List.of(), plan.failures());
        List<String> placements = plan.placements().subList(0, Math.min(d.limit(), plan.placements().size()));
        List<Plan.Failure> failures = plan.failures().stream().filter(f -> !Reasons.ATTRIBUTE.equals(f.reason())).toList();
        return new Launched(store(r, current, placements, now), failures);
    }

    private Launched fargate(LaunchRequest r, int count, Instant now) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) tasks.add(put(NewTasks.create(r, null, defaultZone, now)));
        return new Launched(tasks, List.of());
    }

    private List<Task> store(LaunchRequest r, Snapshot snapshot, List<String> placements, Instant now) {
        Map<String, ContainerInstance> byArn = new HashMap<>();
        for (ContainerInstance i : snapshot.instances()) byArn.put(i.arn(), i);
        List<Task> tasks = new ArrayList<>();
        for (String arn : placements) tasks.add(put(NewTasks.create(r, byArn.get(arn), defaultZone, now)));
        return tasks;
    }

    private Task put(Task t) {
        store.put(Kinds.TASK, t);
        return t;
    }

    private static PlacementRequest placement(LaunchRequest r, int count, List<Map<String, Object>> constraints, List<Map<String, Object>> strategy) {
        return new PlacementRequest(TaskDemand.of(r.spec(), r.overrides()), count, r.group(), r.taskDefinition().family(), constraints, strategy);
    }
}
