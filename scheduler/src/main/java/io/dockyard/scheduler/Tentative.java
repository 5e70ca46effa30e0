package io.dockyard.scheduler;

/** Tasks of one demand and group added to a state for a while, taken back out on close. */
final class Tentative implements AutoCloseable {
    private final ClusterState state;
    private final Demand demand;
    private final String group;
    private int[] added = new int[8];
    private int size;

    Tentative(ClusterState state, Demand demand, String group) {
        this.state = state;
        this.demand = demand;
        this.group = group;
    }

    /** One more task on instance i. */
    void add(int i) {
        if (size == added.length) added = java.util.Arrays.copyOf(added, size * 2);
        state.add(i, demand, group);
        added[size++] = i;
    }

    @Override
    public void close() {
        while (size > 0) state.remove(added[--size], demand, group);
    }
}
