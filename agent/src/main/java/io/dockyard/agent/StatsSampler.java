package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.agent.TaskUsage;
import io.dockyard.core.model.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the running tasks every interval from Docker's stats (one-shot reads; CPU from the change of
 * each container's cumulative CPU time between two reads) and sends the usage to the control plane,
 * which publishes CloudWatch's AWS/ECS and Container Insights metrics from it. The interval is
 * {@value #INTERVAL_ENV} seconds (default 10: a datapoint per task every 10 seconds, so auto scaling reacts in seconds; ECS publishes one a minute,
 * or every 20 seconds with its high-resolution metrics).
 */
final class StatsSampler {
    private static final Logger log = LoggerFactory.getLogger(StatsSampler.class);
    static final String INTERVAL_ENV = "DOCKYARD_STATS_SECONDS";
    private static final double MIB = 1024.0 * 1024.0;
    /**
     * How many containers are read at once: every read holds an Engine connection, and the client keeps each connection it
     * opened for reuse, so reading all of 1,000 tasks at once would leave 256 idle connections (and their buffers) behind.
     */
    static final int PARALLEL_READS = 8;

    /** The last cumulative counters of one container. */
    private record Last(long nanos, long cpuNs, long rx, long tx, long read, long write) {}

    private final TaskServices s;
    private final ControlPlane controlPlane;
    private final Map<String, Last> last = new ConcurrentHashMap<>();

    StatsSampler(TaskServices s, ControlPlane controlPlane) {
        this.s = s;
        this.controlPlane = controlPlane;
    }

    static Duration interval(Map<String, String> env) {
        String v = env.get(INTERVAL_ENV);
        return v == null || v.isBlank() ? Duration.ofSeconds(10) : Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    }

    /** One round: read every running task's containers, send what changed since the last round. */
    void round() {
        Set<TaskRunner> runners = new LinkedHashSet<>(s.byDockerId().values());
        List<TaskUsage.Sample> samples = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        java.util.concurrent.Semaphore reads = new java.util.concurrent.Semaphore(PARALLEL_READS);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TaskUsage.Sample>> futures = new ArrayList<>();
            for (TaskRunner r : runners) {
                if (r.finished() || !r.state.reached(TaskStatus.RUNNING) || r.state.reached(TaskStatus.DEACTIVATING)) continue;
                r.containers().values().forEach(c -> { if (c.dockerId != null) seen.add(c.dockerId); });
                futures.add(pool.submit(() -> {
                    reads.acquire();
                    try {
                        return sample(r);
                    } finally {
                        reads.release();
                    }
                }));
            }
            for (Future<TaskUsage.Sample> f : futures) {
                try {
                    TaskUsage.Sample x = f.get();
                    if (x != null) samples.add(x);
                } catch (Exception e) {
                    log.debug("task stats: {}", e.toString());
                }
            }
        }
        last.keySet().retainAll(seen);
        if (samples.isEmpty()) return;
        try {
            controlPlane.stats(new TaskUsage(null, samples));
        } catch (IOException e) {
            log.debug("task stats not sent: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The task's usage since the last round, or null on its first round (a baseline only). */
    private TaskUsage.Sample sample(TaskRunner r) {
        double cpu = 0, memory = 0, seconds = 0;
        long rx = 0, tx = 0, read = 0, write = 0;
        boolean complete = true;
        for (ContainerState c : r.containers().values()) {
            if (c.dockerId == null || c.phase != ContainerState.Phase.RUNNING) continue;
            String json = s.engine().statsJson(c.dockerId, true);
            if (json == null) continue;
            JsonNode st;
            try {
                st = ControlPlane.JSON.readTree(json);
            } catch (IOException e) {
                continue;
            }
            long now = System.nanoTime();
            long cpuNs = st.at("/cpu_stats/cpu_usage/total_usage").asLong();
            long cRx = 0, cTx = 0, cRead = 0, cWrite = 0;
            for (JsonNode n : st.path("networks")) {
                cRx += n.path("rx_bytes").asLong();
                cTx += n.path("tx_bytes").asLong();
            }
            for (JsonNode io : st.at("/blkio_stats/io_service_bytes_recursive")) {
                String op = io.path("op").asText().toLowerCase();
                if (op.equals("read")) cRead += io.path("value").asLong();
                else if (op.equals("write")) cWrite += io.path("value").asLong();
            }
            JsonNode mem = st.path("memory_stats");
            long used = mem.path("usage").asLong() - Math.max(mem.at("/stats/inactive_file").asLong(), mem.at("/stats/total_inactive_file").asLong());
            memory += Math.max(0, used) / MIB;
            Last prev = last.put(c.dockerId, new Last(now, cpuNs, cRx, cTx, cRead, cWrite));
            if (prev == null || now <= prev.nanos()) {
                complete = false;
                continue;
            }
            cpu += Math.max(0, cpuNs - prev.cpuNs()) * 1024.0 / (now - prev.nanos());
            seconds = Math.max(seconds, (now - prev.nanos()) / 1e9);
            rx += Math.max(0, cRx - prev.rx());
            tx += Math.max(0, cTx - prev.tx());
            read += Math.max(0, cRead - prev.read());
            write += Math.max(0, cWrite - prev.write());
        }
        if (!complete) return null;
        TaskLayout layout = r.layout();
        double cpuReserved = 0, memoryReserved = 0;
        for (ContainerState c : r.containers().values()) {
            cpuReserved += c.plan.cpu();
            Integer m = c.plan.memory() != null ? c.plan.memory() : c.plan.memoryReservation();
            if (m != null) memoryReserved += m;
        }
        if (layout != null && layout.taskSized()) {
            if (layout.taskCpu() != null) cpuReserved = layout.taskCpu();
            if (layout.taskMemory() != null) memoryReserved = layout.taskMemory();
        }
        return new TaskUsage.Sample(r.taskArn(), Instant.now(), seconds, cpu, cpuReserved, memory, memoryReserved, rx, tx, read, write);
    }
}
