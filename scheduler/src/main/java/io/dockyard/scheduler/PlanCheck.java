package io.dockyard.scheduler;

import java.util.List;

/** The verdict on a plan against the current cluster: the placements that still fit, and the rest with why. */
public record PlanCheck(List<String> accepted, List<Plan.Failure> rejected) {

    public PlanCheck {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    /** Whether every placement of the plan still fits. */
    public boolean fullyAccepted() { return rejected.isEmpty(); }
}
