package io.dockyard.scheduler;

import io.dockyard.core.model.Task;
import io.dockyard.scheduler.query.Expression;

import java.util.ArrayList;
import java.util.List;

/**
 * DAEMON services: one task of the group on every ACTIVE instance that satisfies the constraints.
 * {@link #place} lists the instances that lack the task and can take it (and why the others that
 * lack it cannot); {@link #strays} lists the tasks ECS stops because their instance no longer
 * satisfies a memberOf constraint. The request's count and strategies are ignored.
 */
public final class DaemonPlacement {
    private DaemonPlacement() {}

    /** One placement per ACTIVE instance without a task of the group that can take one. */
    public static Plan place(Snapshot snapshot, PlacementRequest request) {
        return place(ClusterState.of(snapshot), request);
    }

    /** As {@link #place(Snapshot, PlacementRequest)} on an indexed cluster (left unchanged). */
    public static Plan place(ClusterState state, PlacementRequest request) {
        PlacementRules.Compiled rules = PlacementRules.compile(request.constraints(), request.strategy());
        String group = request.effectiveGroup();
        Feasibility feasibility = Feasibility.of(state, Ports.normalize(request.demand()), group, rules);
        if (!feasibility.anyActive()) return Plan.noContainerInstances();
        List<String> placements = new ArrayList<>();
        List<Plan.Failure> failures = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
            if (!feasibility.active(i) || state.tasksOfGroup(group, i) > 0) continue;
            String reason = feasibility.refusal(i);
            if (reason == null) placements.add(state.instance(i).arn());
            else failures.add(new Plan.Failure(state.instance(i).arn(), reason, null));
        }
        return new Plan(placements, failures);
    }

    /**
     * The instances a DAEMON service should run on: ACTIVE, agent connected, and satisfying every
     * memberOf constraint of the request (resources are not looked at: a full instance is still a
     * target, whose task waits for room).
     */
    public static List<String> eligible(Snapshot snapshot, PlacementRequest request) {
        PlacementRules.Compiled rules = PlacementRules.compile(request.constraints(), request.strategy());
        ClusterState state = ClusterState.of(snapshot);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
            var instance = state.instance(i);
            if (!"ACTIVE".equals(instance.status()) || !instance.agentConnected()) continue;
            int index = i;
            if (rules.memberOf().stream().allMatch(e -> e.test(state.subject(index)))) out.add(instance.arn());
        }
        return out;
    }

    /** The active tasks of the group whose instance fails one of the request's memberOf constraints. */
    public static List<Task> strays(Snapshot snapshot, PlacementRequest request) {
        PlacementRules.Compiled rules = PlacementRules.compile(request.constraints(), request.strategy());
        String group = request.effectiveGroup();
        ClusterState state = ClusterState.of(snapshot);
        List<Task> out = new ArrayList<>();
        for (Snapshot.Placed p : snapshot.tasks()) {
            Task t = p.task();
            int i = t.containerInstanceArn() == null ? -1 : state.indexOf(t.containerInstanceArn());
            if (i < 0 || !group.equals(t.group()) || !t.isActive()) continue;
            for (Expression e : rules.memberOf()) {
                if (!e.test(state.subject(i))) {
                    out.add(t);
                    break;
                }
            }
        }
        return out;
    }
}
