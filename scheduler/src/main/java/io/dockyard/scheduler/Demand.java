package io.dockyard.scheduler;

import java.util.List;

/** What one task needs from an instance: CPU units, memory MiB, static host ports ("80/tcp"). */
public record Demand(long cpu, long memory, List<String> hostPorts) {
    public Demand {
        hostPorts = List.copyOf(hostPorts);
    }
}
