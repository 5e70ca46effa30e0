package io.dockyard.scheduler;

import io.dockyard.scheduler.query.ClusterQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Placement as a pure function: (snapshot, request) → plan. Like Nomad's stack, a request runs
 * through feasibility stages ({@link Feasibility}: agent, CPU, memory, ports, memberOf,
 * distinctInstance) then ranking stages ({@link Ranker}: the placement strategies in order, each
 * breaking the ties of the one before, then the lowest instance index). Each placed task holds
 * its resources for the next task of the same request.
 */
public final class Scheduler {
    private final Long seed;

    /** Random choices differ from call to call unless a request carries a seed. */
    public Scheduler() { this.seed = null; }

    /** Random choices come from {@code seed} (a request's own seed still wins): calls repeat exactly. */
    public Scheduler(long seed) { this.seed = seed; }

    /** Places a request on a snapshot. */
    public Plan place(Snapshot snapshot, PlacementRequest request) {
        return place(ClusterState.of(snapshot), request);
    }

    /** Places a request on an indexed cluster, which is left unchanged ({@link ClusterState#commit} records a plan). */
    public Plan place(ClusterState state, PlacementRequest request) {
        PlacementRules.Compiled rules = PlacementRules.compile(request.constraints(), request.strategy());
        Demand demand = Ports.normalize(request.demand());
        String group = request.effectiveGroup();
        Feasibility feasibility = Feasibility.of(state, demand, group, rules);
        if (!feasibility.anyActive()) return Plan.noContainerInstances();
        List<Ranker> rankers = Ranker.of(state, group, rules.strategies(), random(request));
        Selector selector = new Selector(state.size(), rankers, feasibility.candidates());
        List<String> placements = new ArrayList<>();
        List<Plan.Failure> failures = List.of();
        try (Tentative tentative = new Tentative(state, demand, group)) {
            while (placements.size() < request.count()) {
                int i = selector.best();
                if (i < 0) {
                    failures = feasibility.failures();
                    break;
                }
                tentative.add(i);
                placements.add(state.instance(i).arn());
                selector.placed(i, feasibility.refusal(i) == null);
            }
        }
        return new Plan(placements, failures);
    }

    /** Throws InvalidParameterException when a cluster query expression does not parse. */
    public static void validate(String expression) {
        ClusterQuery.validate(expression);
    }

    /** Throws InvalidParameterException when ECS would refuse these placement constraints or strategies. */
    public static void validate(List<Map<String, Object>> constraints, List<Map<String, Object>> strategies) {
        PlacementRules.validate(constraints, strategies);
    }

    private SplittableRandom random(PlacementRequest request) {
        if (request.seed() != null) return new SplittableRandom(request.seed());
        return seed != null ? new SplittableRandom(seed) : new SplittableRandom();
    }
}
