package io.dockyard.scheduler;

/** spread by instanceId (or host): the instance with the fewest tasks of the group first. */
record InstanceSpreadRanker(int[] groupCounts) implements Ranker.ByInstance {
    @Override
    public long key(int instance) {
        return groupCounts[instance];
    }
}
