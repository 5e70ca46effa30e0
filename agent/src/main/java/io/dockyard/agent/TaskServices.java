package io.dockyard.agent;

import io.dockyard.core.loop.Supervisor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every task runner of one agent shares: the engine, the report queue, the awsvpc network, the delayed cleanups, registry
 * credentials, and the supervisor its loops run under.
 */
record TaskServices(AgentConfig config, String agentId, Engine engine, Reporter reporter, HostInfo host, AwsvpcNetwork awsvpc,
                    Later later, RegistryLogin registryLogin, Supervisor supervisor, Map<String, TaskRunner> byDockerId) {

    TaskServices(AgentConfig config, String agentId, Engine engine, Reporter reporter, HostInfo host, AwsvpcNetwork awsvpc,
                 RegistryLogin registryLogin, Supervisor supervisor) {
        this(config, agentId, engine, reporter, host, awsvpc, new Later(supervisor), registryLogin, supervisor, new ConcurrentHashMap<>());
    }

    /** Routes an engine event about a container to the runner of its task. */
    void dispatch(String dockerId, String action) {
        TaskRunner r = byDockerId.get(dockerId);
        if (r != null) r.onEvent(dockerId, action);
    }
}
