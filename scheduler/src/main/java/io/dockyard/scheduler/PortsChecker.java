package io.dockyard.scheduler;

import java.util.List;

/** Every static host port of the task must be free on the instance, per protocol (reason RESOURCE:PORTS). */
record PortsChecker(List<String> ports) implements FeasibilityChecker {
    @Override
    public String refusal(ClusterState state, int i) {
        for (String p : ports) if (!state.portFree(i, p)) return Reasons.PORTS;
        return null;
    }
}
