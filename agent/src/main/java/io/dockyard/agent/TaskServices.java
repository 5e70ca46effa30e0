package io.dockyard.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/** What every task runner of one agent shares: the engine, the report queue, the awsvpc network, the cleanup timer, registry credentials. */
record TaskServices(AgentConfig config, String agentId, Engine engine, Reporter reporter, HostInfo host, AwsvpcNetwork awsvpc,
                    ScheduledExecutorService timer, RegistryLogin registryLogin, Map<String, TaskRunner> byDockerId) {

    TaskServices(AgentConfig config, String agentId, Engine engine, Reporter reporter, HostInfo host, AwsvpcNetwork awsvpc,
                 ScheduledExecutorService timer, RegistryLogin registryLogin) {
        this(config, agentId, engine, reporter, host, awsvpc, timer, registryLogin, new ConcurrentHashMap<>());
    }

    /** Routes an engine event about a container to the runner of its task. */
    void dispatch(String dockerId, String action) {
        TaskRunner r = byDockerId.get(dockerId);
        if (r != null) r.onEvent(dockerId, action);
    }
}
