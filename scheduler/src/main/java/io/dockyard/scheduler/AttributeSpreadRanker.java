package io.dockyard.scheduler;

/**
 * spread by attribute:&lt;name&gt;: instances whose attribute value holds the fewest tasks of the
 * group first. Counts cover every task of the group, also on instances that cannot take more.
 */
final class AttributeSpreadRanker implements Ranker.ByClass {
    private final int[] classOf;
    private final long[] counts;

    AttributeSpreadRanker(ClusterState state, String attribute, int[] groupCounts) {
        AttributeClasses classes = state.attributeClasses(attribute);
        this.classOf = classes.classOf();
        this.counts = new long[classes.count()];
        for (int i = 0; i < groupCounts.length; i++) counts[classOf[i]] += groupCounts[i];
    }

    @Override public int classOf(int instance) { return classOf[instance]; }
    @Override public long key(int cls) { return counts[cls]; }
    @Override public void placed(int instance) { counts[classOf[instance]]++; }
}
