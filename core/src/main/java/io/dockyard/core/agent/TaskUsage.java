package io.dockyard.core.agent;

import java.time.Instant;
import java.util.List;

/**
 * What an agent measured of its running tasks over one sampling interval ({@code seconds} long) (from Docker's stats): CPU
 * units used (1024 = one core), memory in MiB, bytes received/sent and read/written in the interval,
 * and what the task reserves. Sent to {@code /_dockyard/agent/v1/stats}.
 */
public record TaskUsage(String containerInstanceArn, List<Sample> samples) {
    public record Sample(String taskArn, Instant at, double seconds, double cpuUsed, double cpuReserved, double memoryUsed, double memoryReserved,
                         long networkRxBytes, long networkTxBytes, long storageReadBytes, long storageWriteBytes) {}
}
