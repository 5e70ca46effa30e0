package io.dockyard.core.agent;

import io.dockyard.core.model.Attribute;

import java.util.List;
import java.util.Map;

/**
 * What an agent sends to register its host (POST /_dockyard/agent/v1/register). {@code instanceName}
 * identifies the agent across restarts: registering again with the same name in the same cluster
 * returns the same container instance. {@code fargate} marks the control plane's own Fargate capacity.
 * An instance carrying the attribute {@link #LOCAL_AGENT_ATTRIBUTE} belongs to the embedded agent of
 * {@code dockyard up}, which joins every cluster by itself: it does not keep its cluster from being deleted.
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

    /** Attribute (value "true") of the container instances the embedded local-mode agent registers. */
    public static final String LOCAL_AGENT_ATTRIBUTE = "dockyard.local-agent";
}
