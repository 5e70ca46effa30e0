package io.dockyard.scheduler;

/** The instance must have the task's CPU units left (reason RESOURCE:CPU). */
record CpuChecker(long cpu) implements FeasibilityChecker {
    @Override
    public String refusal(ClusterState state, int i) {
        return state.freeCpu(i) >= cpu ? null : Reasons.CPU;
    }
}
