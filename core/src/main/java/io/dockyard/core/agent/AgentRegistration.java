package io.dockyard.core.agent;

import io.dockyard.core.model.Attribute;

import java.util.List;
import java.util.Map;

/**
 * What an agent sends to register its host (POST /_dockyard/agent/v1/register). {@code instanceName}
 * identifies the agent across restarts: registering again with the same name in the same cluster
 * returns the same container instance. {@code fargate} marks the control plane's own Fargate capacity.
 */
public record AgentRegistration(
        String cluster,
        String instanceName,
        long cpu,
        long memory,
        List<String> reservedPorts,
        List<Attribute> attributes,
        Map<String, Object> versionInfo,
        boolean fargate) {

    /** The attribute on the instances `dockyard up` offers every cluster; DeleteCluster retires them with the cluster. */
    public static final String LOCAL_CAPACITY = "dockyard.local-capacity";
}
