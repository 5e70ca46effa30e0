package io.dockyard.scheduler;

/** The instance's agent must be connected (reason AGENT). */
record AgentChecker() implements FeasibilityChecker {
    @Override
    public String refusal(ClusterState state, int i) {
        return state.instance(i).agentConnected() ? null : Reasons.AGENT;
    }
}
