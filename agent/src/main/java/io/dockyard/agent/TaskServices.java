package io.dockyard.agent;

import io.dockyard.core.loop.Supervisor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * What every task runner of one agent shares: the engine, the report queue, the awsvpc network, the delayed cleanups, registry
 * credentials, the supervisor its loops run under, the awslogs shippers, the task metadata endpoint, the port of the ECS Exec endpoint, and the permits of the start phase (at most
 * {@link AgentConfig#startConcurrency()} tasks set up and start their containers at once, in arrival order).
 */
record TaskServices(AgentConfig config, String agentId, Engine engine, Reporter reporter, HostInfo host, AwsvpcNetwork awsvpc,
                    Later later, RegistryLogin registryLogin, Supervisor supervisor, Map<String, TaskRunner> byDockerId, Semaphore starts,
                    Awslogs awslogs, MetadataEndpoint metadata, java.util.concurrent.atomic.AtomicInteger execPort, TaskSecrets secrets) {

    TaskServices(AgentConfig config, String agentId, Engine engine, Reporter reporter, HostInfo host, AwsvpcNetwork awsvpc,
                 RegistryLogin registryLogin, Supervisor supervisor, Awslogs awslogs, MetadataEndpoint metadata) {
        this(config, agentId, engine, reporter, host, awsvpc, new Later(supervisor), registryLogin, supervisor, new ConcurrentHashMap<>(),
                new Semaphore(config.startConcurrency(), true), awslogs, metadata, new java.util.concurrent.atomic.AtomicInteger(),
                new TaskSecrets(registryLogin.controlPlane()));
    }

    /** Routes an engine event about a container to the runner of its task. */
    void dispatch(String dockerId, String action) {
        TaskRunner r = byDockerId.get(dockerId);
        if (r != null) r.onEvent(dockerId, action);
    }
}
