package io.dockyard.scheduler;

/** binpack: the instance with the least CPU or memory left (that still fits) first. */
record BinpackRanker(ClusterState state, boolean memory) implements Ranker.ByInstance {
    @Override
    public long key(int instance) {
        return memory ? state.freeMemory(instance) : state.freeCpu(instance);
    }
}
