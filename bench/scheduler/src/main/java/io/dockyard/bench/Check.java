package io.dockyard.bench;

import io.dockyard.scheduler.ClusterState;

/**
 * After a run: instances in use, those whose CPU or memory is (nearly) exhausted, instances holding
 * more than they registered, distinctInstance breaches.
 */
record Check(long used, long cpuFull, long memoryFull, long overcommitted, long duplicates) {
    /** "Exhausted": less left than the smallest task of the benchmark needs. */
    static final long SMALLEST_CPU = 32, SMALLEST_MEMORY = 64;

    static Check of(ClusterState state, int services, boolean distinct) {
        long used = 0, cpuFull = 0, memoryFull = 0, over = 0, dup = 0;
        String[] groups = new String[services];
        for (int s = 0; s < services; s++) groups[s] = "service:s" + s;
        for (int i = 0; i < state.size(); i++) {
            if (state.freeMemory(i) < state.memory(i) || state.freeCpu(i) < state.cpu(i)) used++;
            if (state.freeMemory(i) < 0 || state.freeCpu(i) < 0) over++;
            if (state.freeCpu(i) < SMALLEST_CPU) cpuFull++;
            if (state.freeMemory(i) < SMALLEST_MEMORY) memoryFull++;
            if (distinct) for (String g : groups) if (state.tasksOfGroup(g, i) > 1) dup++;
        }
        return new Check(used, cpuFull, memoryFull, over, dup);
    }
}
