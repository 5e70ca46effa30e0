package io.dockyard.agent;

import java.nio.file.Path;

/**
 * How an agent runs. {@code cluster} null means local mode: the agent offers this host to every
 * cluster (one container instance each) and also runs the control plane's FARGATE tasks.
 */
public record AgentConfig(String endpoint, String cluster, String instanceName, Long cpu, Long memory, Path dataDir, boolean fargate) {

    /** The agent embedded in {@code dockyard up}. */
    public static AgentConfig embedded(String endpoint, Path dataDir) {
        return new AgentConfig(endpoint, null, "local", null, null, dataDir, true);
    }

    /** A standalone agent joining one cluster. */
    public static AgentConfig standalone(String endpoint, String cluster, String instanceName, Long cpu, Long memory, Path dataDir) {
        return new AgentConfig(endpoint, cluster, instanceName, cpu, memory, dataDir, false);
    }
}
