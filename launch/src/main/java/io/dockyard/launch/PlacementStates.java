package io.dockyard.launch;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Change;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.scheduler.ClusterState;
import io.dockyard.scheduler.Demand;
import io.dockyard.scheduler.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The clusters indexed for placement ({@link ClusterState}), kept up to date from the store's change feed instead of
 * being built from every task of the cluster at each launch: a launch costs the changes since the one before, not the
 * size of the cluster. A state is built the first time a cluster (or one of its capacity providers) is placed on, then
 * each task change moves what that task holds; an instance that joins, leaves or changes its resources or attributes
 * makes the cluster's states be built again. Changes are applied from the records as they are now, so applying one
 * twice, or one the build already saw, changes nothing. What it proposes is still checked in the launch's transaction
 * against the instances the plan touches ({@link TaskLaunches}): a state that lags only costs a re-plan.
 */
final class PlacementStates {
    /** What one task holds in one state: taken back exactly when the task changes or goes. */
    private record Held(String instanceArn, Demand demand, String group, boolean running) {}

    /** A cluster's state, for all its instances (provider null) or one capacity provider's. */
    private static final class Cached {
        final String provider;
        final ClusterState state;
        final Map<String, Held> tasks = new HashMap<>();

        Cached(String provider, ClusterState state) {
            this.provider = provider;
            this.state = state;
        }
    }

    private final Store store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, List<Cached>> clusters = new HashMap<>();
    private final Map<String, Demand> demands = new HashMap<>();
    private long seen = -1;

    PlacementStates(Store store) { this.store = store; }

    /**
     * Runs {@code work} on the state of a cluster's instances ({@code provider} null) or of one capacity provider's, up to
     * date with the feed; one caller at a time (the state is not thread-safe and must be left as found).
     */
    <R> R with(String clusterArn, String provider, Function<ClusterState, R> work) {
        lock.lock();
        try {
            catchUp();
            List<Cached> states = clusters.computeIfAbsent(clusterArn, k -> new ArrayList<>());
            Cached c = states.stream().filter(s -> Objects.equals(s.provider, provider)).findFirst().orElse(null);
            if (c == null) {
                c = build(clusterArn, provider);
                states.add(c);
            }
            return work.apply(c.state);
        } finally {
            lock.unlock();
        }
    }

    private Cached build(String clusterArn, String provider) {
        List<ContainerInstance> instances = store.list(Kinds.INSTANCES_BY_CLUSTER, clusterArn).stream()
                .filter(i -> !"INACTIVE".equals(i.status()) && (provider == null || provider.equals(i.capacityProviderName()))).toList();
        Cached c = new Cached(provider, ClusterState.of(new Snapshot(instances, List.of())));
        for (Task t : store.list(Kinds.TASKS_BY_CLUSTER, clusterArn)) hold(c, t);
        return c;
    }

    private void catchUp() {
        Changes changes = store.changes();
        if (seen < 0) {
            seen = changes.head();
            clusters.clear();
            return;
        }
        while (true) {
            Changes.Page page = changes.since(seen, 4096);
            if (page.reset()) {
                clusters.clear();
                seen = page.head();
                return;
            }
            for (Change c : page.changes()) {
                if (c.kind().equals(Kinds.TASK.name())) task(c.key());
                else if (c.kind().equals(Kinds.CONTAINER_INSTANCE.name())) instance(c.key());
            }
            seen = page.next(seen);
            if (page.changes().isEmpty()) return;
        }
    }

    private void task(String taskArn) {
        Task t = store.get(Kinds.TASK, taskArn).orElse(null);
        if (t == null) {
            for (List<Cached> states : clusters.values()) for (Cached c : states) release(c, taskArn);
            return;
        }
        for (Cached c : clusters.getOrDefault(t.clusterArn(), List.of())) {
            release(c, taskArn);
            hold(c, t);
        }
    }

    private void instance(String instanceArn) {
        ContainerInstance i = store.get(Kinds.CONTAINER_INSTANCE, instanceArn).orElse(null);
        if (i == null) {
            // gone: drop every state that held it
            clusters.values().forEach(states -> states.removeIf(c -> c.state.indexOf(instanceArn) >= 0));
            return;
        }
        List<Cached> states = clusters.get(i.clusterArn());
        if (states == null) return;
        states.removeIf(c -> {
            boolean belongs = !"INACTIVE".equals(i.status()) && (c.provider == null || c.provider.equals(i.capacityProviderName()));
            boolean here = c.state.indexOf(instanceArn) >= 0;
            if (!here) return belongs; // joined: build again
            return !belongs || !c.state.refresh(i);
        });
    }

    private void hold(Cached c, Task t) {
        if (!t.isActive() || t.containerInstanceArn() == null) return;
        Held h = new Held(t.containerInstanceArn(), demand(t), t.group(), "RUNNING".equals(t.lastStatus()));
        if (c.state.hold(h.instanceArn(), h.demand(), h.group(), h.running())) c.tasks.put(t.taskArn(), h);
    }

    private static void release(Cached c, String taskArn) {
        Held h = c.tasks.remove(taskArn);
        if (h != null) c.state.release(h.instanceArn(), h.demand(), h.group(), h.running());
    }

    /** Most tasks share a few definitions: their demand (without overrides) is worked out once per definition. */
    private Demand demand(Task t) {
        if (t.overrides() != null) return Clusters.demand(store, t);
        Demand d = demands.get(t.taskDefinitionArn());
        if (d == null) {
            d = Clusters.demand(store, t);
            if (demands.size() > 10_000) demands.clear();
            demands.put(t.taskDefinitionArn(), d);
        }
        return d;
    }
}
