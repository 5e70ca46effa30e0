package io.dockyard.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Optimistic concurrency for plans (Nomad's plan applier): a plan computed on an older snapshot is
 * checked, placement by placement in order, against the CURRENT cluster plus the placements of the
 * same plan accepted before it. A placement that no longer fits (resources, ports, status, agent,
 * constraints) is rejected with its reason, so the caller commits what is accepted and asks the
 * scheduler again for the rest. Strategies are not re-checked: a stale but feasible placement stands.
 */
public final class PlanChecker {
    private PlanChecker() {}

    /** Checks a plan made for {@code request} against the current snapshot. */
    public static PlanCheck check(Snapshot current, PlacementRequest request, Plan plan) {
        return check(ClusterState.of(current), request, plan);
    }

    /** Checks a plan made for {@code request} against the current indexed cluster, which is left unchanged. */
    public static PlanCheck check(ClusterState current, PlacementRequest request, Plan plan) {
        PlacementRules.Compiled rules = PlacementRules.compile(request.constraints(), request.strategy());
        Demand demand = Ports.normalize(request.demand());
        String group = request.effectiveGroup();
        Feasibility feasibility = Feasibility.of(current, demand, group, rules);
        List<String> accepted = new ArrayList<>();
        List<Plan.Failure> rejected = new ArrayList<>();
        try (Tentative tentative = new Tentative(current, demand, group)) {
            for (String arn : plan.placements()) {
                int i = current.indexOf(arn);
                String reason = i < 0 ? Reasons.MISSING : !feasibility.active(i) ? Reasons.INACTIVE : feasibility.refusal(i);
                if (reason != null) {
                    String detail = reason.equals(Reasons.INACTIVE) ? "The container instance is " + current.instance(i).status() + "." : null;
                    rejected.add(new Plan.Failure(arn, reason, detail));
                    continue;
                }
                tentative.add(i);
                accepted.add(arn);
            }
        }
        return new PlanCheck(accepted, rejected);
    }
}
