package io.dockyard.api.agent;

import io.dockyard.core.agent.TaskUsage;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.MetricSink;
import io.dockyard.core.port.Store;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics ECS publishes to CloudWatch, from what the agents measure and what the store holds:
 * {@code AWS/ECS} CPUUtilization and MemoryUtilization (one datapoint per task per sample, by
 * ClusterName and by ClusterName+ServiceName, so Average is across tasks and SampleCount counts them),
 * CPUReservation and MemoryReservation per cluster; and when the cluster's {@code containerInsights}
 * setting is {@code enabled} or {@code enhanced}, {@code ECS/ContainerInsights} (CpuUtilized,
 * CpuReserved, MemoryUtilized, MemoryReserved, network and storage bytes; RunningTaskCount,
 * DesiredTaskCount, PendingTaskCount per service; TaskCount, ServiceCount, ContainerInstanceCount per
 * cluster; enhanced adds per-task metrics by TaskId).
 */
public final class EcsMetrics {
    public static final String ECS = "AWS/ECS", INSIGHTS = "ECS/ContainerInsights";

    private final Store store;
    private final MetricSink sink;
    private final Clock clock;

    public EcsMetrics(Store store, MetricSink sink, Clock clock) {
        this.store = store;
        this.sink = sink;
        this.clock = clock;
    }

    /** The samples of one agent's round. */
    public Object publish(TaskUsage usage) {
        if (usage == null || usage.samples() == null) return Map.of();
        for (TaskUsage.Sample s : usage.samples()) {
            Task t = store.get(Kinds.TASK, s.taskArn()).orElse(null);
            if (t == null) continue;
            String cluster = clusterName(t.clusterArn());
            String service = serviceName(t);
            Instant at = s.at() == null ? clock.instant() : s.at();
            Map<String, String> byCluster = Map.of("ClusterName", cluster);
            Map<String, String> byService = service == null ? null : Map.of("ClusterName", cluster, "ServiceName", service);
            double cpuReserved = s.cpuReserved() > 0 ? s.cpuReserved() : 1024;
            double cpu = 100.0 * s.cpuUsed() / cpuReserved;
            put(ECS, "CPUUtilization", byCluster, byService, at, cpu, "Percent");
            if (s.memoryReserved() > 0) put(ECS, "MemoryUtilization", byCluster, byService, at, 100.0 * s.memoryUsed() / s.memoryReserved(), "Percent");
            String insights = insights(cluster);
            if (insights == null) continue;
            String family = family(t.taskDefinitionArn());
            Map<String, String> byFamily = Map.of("ClusterName", cluster, "TaskDefinitionFamily", family);
            double seconds = s.seconds() > 0 ? s.seconds() : 60;
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("CpuUtilized", s.cpuUsed());
            values.put("CpuReserved", cpuReserved);
            values.put("MemoryUtilized", s.memoryUsed());
            values.put("MemoryReserved", s.memoryReserved());
            values.put("NetworkRxBytes", s.networkRxBytes() / seconds);
            values.put("NetworkTxBytes", s.networkTxBytes() / seconds);
            values.put("StorageReadBytes", (double) s.storageReadBytes());
            values.put("StorageWriteBytes", (double) s.storageWriteBytes());
            for (var v : values.entrySet()) {
                String unit = switch (v.getKey()) {
                    case "CpuUtilized", "CpuReserved" -> "None";
                    case "MemoryUtilized", "MemoryReserved" -> "Megabytes";
                    case "NetworkRxBytes", "NetworkTxBytes" -> "Bytes/Second";
                    default -> "Bytes";
                };
                put(INSIGHTS, v.getKey(), byCluster, byService, at, v.getValue(), unit);
                sink.put(INSIGHTS, v.getKey(), byFamily, at, v.getValue(), unit);
                if ("enhanced".equals(insights)) {
                    sink.put(INSIGHTS, v.getKey(), Map.of("ClusterName", cluster, "TaskDefinitionFamily", family, "TaskId", taskId(t.taskArn())),
                            at, v.getValue(), unit);
                }
            }
        }
        return Map.of();
    }

    /** The counts and reservations: one round per minute, on the leader. */
    public void round() {
        Instant at = clock.instant();
        for (Cluster c : store.list(Kinds.CLUSTER)) {
            if (!"ACTIVE".equals(c.status())) continue;
            List<Task> tasks = store.list(Kinds.TASKS_BY_CLUSTER, c.arn());
            List<ContainerInstance> instances = store.list(Kinds.INSTANCES_BY_CLUSTER, c.arn());
            double registeredCpu = 0, registeredMemory = 0, reservedCpu = 0, reservedMemory = 0;
            for (ContainerInstance i : instances) {
                if (!"ACTIVE".equals(i.status()) && !"DRAINING".equals(i.status())) continue;
                registeredCpu += i.registeredInteger("CPU");
                registeredMemory += i.registeredInteger("MEMORY");
            }
            for (Task t : tasks) {
                if (t.isStopped() || t.containerInstanceArn() == null) continue;
                reservedCpu += number(t.cpu());
                reservedMemory += number(t.memory());
            }
            Map<String, String> byCluster = Map.of("ClusterName", c.name());
            if (registeredCpu > 0) sink.put(ECS, "CPUReservation", byCluster, at, 100.0 * reservedCpu / registeredCpu, "Percent");
            if (registeredMemory > 0) sink.put(ECS, "MemoryReservation", byCluster, at, 100.0 * reservedMemory / registeredMemory, "Percent");
            if (insights(c) == null) continue;
            List<Service> services = store.list(Kinds.SERVICES_BY_CLUSTER, c.arn()).stream().filter(s -> "ACTIVE".equals(s.status())).toList();
            long running = tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count();
            sink.put(INSIGHTS, "TaskCount", byCluster, at, running, "Count");
            sink.put(INSIGHTS, "ServiceCount", byCluster, at, services.size(), "Count");
            sink.put(INSIGHTS, "ContainerInstanceCount", byCluster, at, instances.stream().filter(i -> "ACTIVE".equals(i.status())).count(), "Count");
            for (Service s : services) {
                Map<String, String> dims = Map.of("ClusterName", c.name(), "ServiceName", s.name());
                List<Task> own = store.list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(c.arn(), "service:" + s.name()));
                sink.put(INSIGHTS, "RunningTaskCount", dims, at, own.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count(), "Count");
                sink.put(INSIGHTS, "PendingTaskCount", dims, at, own.stream().filter(t -> !t.isStopped() && !"RUNNING".equals(t.lastStatus())).count(), "Count");
                sink.put(INSIGHTS, "DesiredTaskCount", dims, at, s.desiredCount(), "Count");
            }
        }
    }

    private void put(String ns, String name, Map<String, String> byCluster, Map<String, String> byService, Instant at, double v, String unit) {
        sink.put(ns, name, byCluster, at, v, unit);
        if (byService != null) sink.put(ns, name, byService, at, v, unit);
    }

    /** The cluster's containerInsights setting when it is on (enabled, enhanced), else null. */
    private String insights(String clusterName) {
        return store.get(Kinds.CLUSTER, clusterName).map(EcsMetrics::insights).orElse(null);
    }

    private static String insights(Cluster c) {
        if (c.settings() == null) return null;
        for (Map<String, Object> s : c.settings()) {
            if ("containerInsights".equals(s.get("name"))) {
                Object v = s.get("value");
                return "enabled".equals(v) || "enhanced".equals(v) ? (String) v : null;
            }
        }
        return null;
    }

    private static String serviceName(Task t) {
        if (t.serviceName() != null) return t.serviceName();
        String g = t.group();
        return g != null && g.startsWith("service:") ? g.substring(8) : null;
    }

    private static String clusterName(String arn) { return arn.substring(arn.lastIndexOf('/') + 1); }
    private static String taskId(String arn) { return arn.substring(arn.lastIndexOf('/') + 1); }

    private static String family(String taskDefinitionArn) {
        String tail = taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
        int colon = tail.lastIndexOf(':');
        return colon < 0 ? tail : tail.substring(0, colon);
    }

    private static double number(String s) {
        if (s == null || s.isBlank()) return 0;
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
