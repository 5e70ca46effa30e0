package io.dockyard.scheduler;

/** The instance must hold no task of the group yet (distinctInstance; reason DISTINCT_INSTANCE). */
record DistinctInstanceChecker(int[] groupCounts) implements FeasibilityChecker {
    @Override
    public String refusal(ClusterState state, int i) {
        return groupCounts[i] == 0 ? null : Reasons.DISTINCT_INSTANCE;
    }
}
