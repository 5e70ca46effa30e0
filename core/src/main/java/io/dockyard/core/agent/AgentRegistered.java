package io.dockyard.core.agent;

/** The control plane's answer to a registration. */
public record AgentRegistered(String containerInstanceArn, String clusterArn) {}
