package io.dockyard.core.model;

import java.time.Instant;

/**
 * An ECS Exec session handed out by ExecuteCommand and not yet opened: its id and secret token, what to
 * run in which container, and the agent endpoint the client's WebSocket goes to. The agent redeems it
 * (once) when the client opens the data channel.
 */
public record ExecSession(String sessionId, String token, String clusterArn, String taskArn, String containerName, String runtimeId,
                          String command, boolean interactive, String containerInstanceArn, Instant createdAt) {}
