package io.dockyard.scheduler;

import io.dockyard.scheduler.query.Expression;

import java.util.ArrayList;
import java.util.List;

/**
 * The feasibility stages of one request, in the order ECS reports them: agent, CPU, memory, ports,
 * memberOf constraints, distinctInstance. Only ACTIVE instances are candidates at all; the first
 * failing stage gives an instance's failure reason.
 */
final class Feasibility {
    private final ClusterState state;
    private final List<FeasibilityChecker> chain;

    private Feasibility(ClusterState state, List<FeasibilityChecker> chain) {
        this.state = state;
        this.chain = chain;
    }

    /** The stages for one more task of {@code demand} (ports normalized) in {@code group}. */
    static Feasibility of(ClusterState state, Demand demand, String group, PlacementRules.Compiled rules) {
        List<FeasibilityChecker> chain = new ArrayList<>();
        chain.add(new AgentChecker());
        chain.add(new CpuChecker(demand.cpu()));
        chain.add(new MemoryChecker(demand.memory()));
        if (!demand.hostPorts().isEmpty()) chain.add(new PortsChecker(demand.hostPorts()));
        for (Expression e : rules.memberOf()) chain.add(new MemberOfChecker(e));
        if (rules.distinctInstance()) chain.add(new DistinctInstanceChecker(state.groupCounts(group)));
        return new Feasibility(state, List.copyOf(chain));
    }

    /** Whether instance i is ACTIVE (DRAINING and deregistered instances take no new task). */
    boolean active(int i) { return "ACTIVE".equals(state.instance(i).status()); }

    /** Whether the cluster has any ACTIVE instance. */
    boolean anyActive() {
        for (int i = 0; i < state.size(); i++) if (active(i)) return true;
        return false;
    }

    /** The first stage that refuses instance i, or null when it can take the task. */
    String refusal(int i) {
        for (FeasibilityChecker c : chain) {
            String r = c.refusal(state, i);
            if (r != null) return r;
        }
        return null;
    }

    /** The ACTIVE instances that can take the task now, in index order. */
    int[] candidates() {
        int[] out = new int[state.size()];
        int n = 0;
        for (int i = 0; i < state.size(); i++) if (active(i) && refusal(i) == null) out[n++] = i;
        return java.util.Arrays.copyOf(out, n);
    }

    /** Why each ACTIVE instance refuses the task now, as ECS lists failures. */
    List<Plan.Failure> failures() {
        List<Plan.Failure> out = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
            if (!active(i)) continue;
            String r = refusal(i);
            if (r != null) out.add(new Plan.Failure(state.instance(i).arn(), r, null));
        }
        return out;
    }
}
