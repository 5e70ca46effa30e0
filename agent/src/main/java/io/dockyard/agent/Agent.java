package io.dockyard.agent;

/** The agent: registers container instances, runs their tasks through Docker, reports what it sees. */
public final class Agent implements AutoCloseable {
    private final AgentConfig config;

    public Agent(AgentConfig config) { this.config = config; }

    public void start() { org.slf4j.LoggerFactory.getLogger(Agent.class).warn("agent not built yet: {}", config); }

    public void join() throws InterruptedException { Thread.currentThread().join(); }

    /** Stops and removes every container this agent manages (reset). */
    public void purge() {}

    @Override
    public void close() {}
}
