package io.dockyard.scheduler;

/** The instance must have the task's memory left (reason RESOURCE:MEMORY). */
record MemoryChecker(long memory) implements FeasibilityChecker {
    @Override
    public String refusal(ClusterState state, int i) {
        return state.freeMemory(i) >= memory ? null : Reasons.MEMORY;
    }
}
