package io.dockyard.core.agent;

import io.dockyard.core.model.Container;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the agent observed of one task (POST /_dockyard/agent/v1/report). The control plane applies it
 * only forward along the ECS lifecycle; a report for an older state never moves a task back.
 */
public record TaskReport(
        String taskArn,
        String containerInstanceArn,
        String lastStatus,
        List<Container> containers,
        List<Map<String, Object>> attachments,
        String healthStatus,
        String stopCode,
        String stoppedReason,
        Instant pullStartedAt,
        Instant pullStoppedAt,
        Instant startedAt,
        Instant executionStoppedAt,
        Instant connectivityAt) {}
