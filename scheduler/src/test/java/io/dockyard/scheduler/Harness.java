package io.dockyard.scheduler;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Nomad-style scheduler harness: fixture instances and tasks make a real {@link Snapshot}; each
 * {@link #run} asks the real scheduler for a plan and records it; {@link #runAndCommit} also
 * turns the placements into tasks, as the controller would, so the next run sees them.
 */
final class Harness {
    private final Map<String, ContainerInstance> instances = new LinkedHashMap<>();
    private final List<Snapshot.Placed> tasks = new ArrayList<>();
    final List<Plan> plans = new ArrayList<>();
    private final Scheduler scheduler = new Scheduler(1);
    private int taskIds;

    /** Adds an instance: {@code instance("a", i -> i.memory(4096).az("us-east-1b"))}. */
    Harness instance(String id, UnaryOperator<TestingInstance> fixture) {
        instances.put(id, fixture.apply(new TestingInstance(id)).build());
        return this;
    }

    Harness instance(String id) { return instance(id, i -> i); }

    /** Adds a task (PENDING, or RUNNING when {@code running}) holding a demand on an instance. */
    Harness task(String instanceId, String group, Demand demand, boolean running) {
        Task t = new Task.Builder().taskArn("arn:aws:ecs:us-east-1:123456789012:task/test/t" + (++taskIds))
                .clusterArn(TestingInstance.CLUSTER).containerInstanceArn(TestingInstance.arn(instanceId)).group(group)
                .lastStatus(running ? "RUNNING" : "PENDING").desiredStatus("RUNNING").build();
        tasks.add(new Snapshot.Placed(t, demand));
        return this;
    }

    Harness task(String instanceId, String group, Demand demand) { return task(instanceId, group, demand, true); }

    Snapshot snapshot() { return new Snapshot(List.copyOf(instances.values()), tasks); }

    /** Runs one evaluation and records its plan. */
    Plan run(Requests request) {
        Plan p = scheduler.place(snapshot(), request.build());
        plans.add(p);
        return p;
    }

    /** Runs one evaluation and commits its placements as tasks. */
    Plan runAndCommit(Requests request) {
        Plan p = run(request);
        PlacementRequest r = request.build();
        for (String arn : p.placements()) task(arn.substring(arn.lastIndexOf('/') + 1), r.effectiveGroup(), r.demand());
        return p;
    }

    /** The instance ids of a plan's placements, in order. */
    static List<String> ids(Plan p) {
        return p.placements().stream().map(a -> a.substring(a.lastIndexOf('/') + 1)).toList();
    }

    /** "id=REASON" for each failure of a plan. */
    static List<String> failures(Plan p) {
        return p.failures().stream().map(f -> (f.arn() == null ? "-" : f.arn().substring(f.arn().lastIndexOf('/') + 1)) + "=" + f.reason()).toList();
    }
}
