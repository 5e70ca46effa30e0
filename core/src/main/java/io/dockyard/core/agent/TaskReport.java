package io.dockyard.core.agent;

import io.dockyard.core.model.Container;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the agent observed of one task (POST /_dockyard/agent/v1/report). The control plane applies it
 * only forward along the ECS lifecycle; a report for an older state never moves a task back.
 * {@code sequence} orders one task's reports (strictly increasing, 0 = unsequenced): a report whose
 * sequence is not above the last one applied is a retry or a stale copy and changes nothing, so an
 * agent may send a report again (to another control plane after a failover) without it being applied twice.
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
        Instant connectivityAt,
        long sequence) {

    /** An unsequenced report (applied forward-only, as before sequences). */
    public TaskReport(String taskArn, String containerInstanceArn, String lastStatus, List<Container> containers,
                      List<Map<String, Object>> attachments, String healthStatus, String stopCode, String stoppedReason,
                      Instant pullStartedAt, Instant pullStoppedAt, Instant startedAt, Instant executionStoppedAt, Instant connectivityAt) {
        this(taskArn, containerInstanceArn, lastStatus, containers, attachments, healthStatus, stopCode, stoppedReason,
                pullStartedAt, pullStoppedAt, startedAt, executionStoppedAt, connectivityAt, 0);
    }
}
