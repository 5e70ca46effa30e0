package io.dockyard.core.agent;

import java.util.List;

/**
 * The answer to a poll (GET /_dockyard/agent/v1/poll?containerInstance=ARN&since=V&waitSeconds=S):
 * every task placed on the instance that is not yet STOPPED, at state version {@code version}.
 * The poll blocks until something changed past {@code since} or the wait ends; it is also the heartbeat.
 */
public record AgentWork(long version, List<AssignedTask> tasks) {}
