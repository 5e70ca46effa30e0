package io.dockyard.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dockyard.core.agent.AgentRegistered;
import io.dockyard.core.agent.AgentRegistration;
import io.dockyard.core.agent.AgentWork;
import io.dockyard.core.agent.AssignedTask;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskOverride;
import io.dockyard.core.model.TaskStatus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A minimal control plane for module tests: the four agent endpoints over real HTTP, tasks kept in
 * memory, reports applied forward-only. Tests place tasks on instances directly.
 */
final class FakeControlPlane implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> instances = new ConcurrentHashMap<>();      // cluster|name -> arn
    private final Map<String, Boolean> fargateInstances = new ConcurrentHashMap<>();
    final Set<String> clusters = ConcurrentHashMap.newKeySet();
    final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> taskDefinitions = new ConcurrentHashMap<>();
    final List<TaskReport> reports = new CopyOnWriteArrayList<>();
    final List<AgentRegistration> registrations = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private long version = 1;

    FakeControlPlane() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/_dockyard/agent/v1/", this::handle);
        server.start();
    }

    String endpoint() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    /** The ARN registered for {@code cluster} (waits until the agent registered). */
    String instance(String cluster) { return instances.get(cluster + "|"); }

    String fargateInstance() {
        return fargateInstances.keySet().stream().findFirst().orElse(null);
    }

    /** Forgets every instance (as after a reset). */
    void forgetInstances() {
        instances.clear();
        fargateInstances.clear();
        bump();
    }

    /** Forgets every instance and task, as /_dockyard/reset does before it purges the agent. */
    void reset() {
        tasks.clear();
        taskDefinitions.clear();
        forgetInstances();
    }

    /** Places a new task on an instance, as RunTask would. */
    Task run(String instanceArn, Map<String, Object> taskDef, Map<String, Object> overrides, String launchType) {
        String id = UUID.randomUUID().toString().replace("-", "");
        String family = (String) taskDef.get("family");
        String arn = "arn:aws:ecs:us-east-1:000000000000:task/test/" + id;
        List<Container> containers = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> defs = (List<Map<String, Object>>) taskDef.get("containerDefinitions");
        for (Map<String, Object> d : defs) {
            containers.add(new Container.Builder().containerArn("arn:aws:ecs:us-east-1:000000000000:container/test/" + id + "/" + UUID.randomUUID())
                    .name((String) d.get("name")).image((String) d.get("image")).lastStatus("PENDING").build());
        }
        List<Map<String, Object>> attachments = new ArrayList<>();
        if ("awsvpc".equals(taskDef.get("networkMode")) || "FARGATE".equals(launchType)) {
            Map<String, Object> eni = new LinkedHashMap<>();
            eni.put("id", UUID.randomUUID().toString());
            eni.put("type", "ElasticNetworkInterface");
            eni.put("status", "PRECREATED");
            eni.put("details", List.of(Map.of("name", "subnetId", "value", "subnet-12345678")));
            attachments.add(eni);
        }
        Task t = new Task.Builder().taskArn(arn).clusterArn("arn:aws:ecs:us-east-1:000000000000:cluster/test")
                .taskDefinitionArn("arn:aws:ecs:us-east-1:000000000000:task-definition/" + family + ":1")
                .containerInstanceArn(instanceArn).launchType(launchType).lastStatus("PROVISIONING").desiredStatus("RUNNING")
                .overrides(overrides(overrides)).containers(containers).attachments(attachments)
                .cpu((String) taskDef.get("cpu")).memory((String) taskDef.get("memory"))
                .createdAt(Instant.now()).connectivityAt(Instant.now()).version(1).build();
        Map<String, Object> def = new LinkedHashMap<>(taskDef);
        def.putIfAbsent("revision", 1);
        taskDefinitions.put(arn, def);
        tasks.put(arn, t);
        bump();
        return t;
    }

    void stop(String taskArn) {
        tasks.computeIfPresent(taskArn, (k, t) -> t.toBuilder().desiredStatus("STOPPED").stopCode(t.stopCode() == null ? "UserInitiated" : t.stopCode()).build());
        bump();
    }

    Task task(String arn) { return tasks.get(arn); }

    private void bump() {
        synchronized (lock) {
            version++;
            lock.notifyAll();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath().substring("/_dockyard/agent/v1/".length());
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            Object out = switch (path) {
                case "register" -> register(ControlPlane.JSON.readValue(ex.getRequestBody(), AgentRegistration.class));
                case "clusters" -> clusters(Long.parseLong(q.getOrDefault("since", "0")), Long.parseLong(q.getOrDefault("waitSeconds", "0")));
                case "poll" -> poll(q.get("containerInstance"), Long.parseLong(q.getOrDefault("since", "0")), Long.parseLong(q.getOrDefault("waitSeconds", "0")));
                case "report" -> report(ControlPlane.JSON.readValue(ex.getRequestBody(), TaskReport.class));
                default -> null;
            };
            byte[] body = out == null ? "{\"message\":\"not found\"}".getBytes() : ControlPlane.JSON.writeValueAsBytes(out);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(out == null ? 404 : 200, body.length);
            ex.getResponseBody().write(body);
        } catch (Exception e) {
            byte[] body = ("{\"message\":\"" + e + "\"}").getBytes();
            ex.sendResponseHeaders(500, body.length);
            ex.getResponseBody().write(body);
        } finally {
            ex.close();
        }
    }

    private Object register(AgentRegistration r) {
        registrations.add(r);
        String key = (r.fargate() ? "*fargate*" : r.cluster()) + "|";
        String arn = instances.computeIfAbsent(key, k -> "arn:aws:ecs:us-east-1:000000000000:container-instance/"
                + (r.fargate() ? "fargate" : r.cluster()) + "/" + UUID.randomUUID().toString().replace("-", ""));
        if (r.fargate()) fargateInstances.put(arn, true);
        return new AgentRegistered(arn, "arn:aws:ecs:us-east-1:000000000000:cluster/" + (r.fargate() ? "fargate" : r.cluster()));
    }

    private Object clusters(long since, long wait) throws InterruptedException {
        long v = await(since, wait);
        return Map.of("version", v, "clusters", List.copyOf(clusters));
    }

    private Object poll(String instance, long since, long wait) throws InterruptedException {
        if (instance == null || !instances.containsValue(instance)) return null;
        long v = await(since, wait);
        if (!instances.containsValue(instance)) return null;
        List<AssignedTask> work = tasks.values().stream()
                .filter(t -> instance.equals(t.containerInstanceArn()) && !t.isStopped())
                .map(t -> new AssignedTask(t, taskDefinitions.get(t.taskArn()))).toList();
        return new AgentWork(v, work);
    }

    private long await(long since, long wait) throws InterruptedException {
        long deadline = System.currentTimeMillis() + wait * 1000;
        synchronized (lock) {
            while (version <= since && System.currentTimeMillis() < deadline) lock.wait(Math.max(1, deadline - System.currentTimeMillis()));
            return version;
        }
    }

    private Object report(TaskReport r) {
        reports.add(r);
        Task t = tasks.get(r.taskArn());
        if (t == null) return null;
        if (!t.status().canMoveTo(TaskStatus.valueOf(r.lastStatus()))) return Map.of();
        Task.Builder b = t.toBuilder().lastStatus(r.lastStatus()).containers(r.containers()).healthStatus(r.healthStatus())
                .pullStartedAt(r.pullStartedAt()).pullStoppedAt(r.pullStoppedAt()).startedAt(r.startedAt())
                .connectivityAt(r.connectivityAt()).executionStoppedAt(r.executionStoppedAt());
        if (r.attachments() != null) b.attachments(r.attachments());
        if (r.stopCode() != null && t.stopCode() == null) b.stopCode(r.stopCode()).stoppedReason(r.stoppedReason());
        if ("STOPPED".equals(r.lastStatus())) b.stoppedAt(Instant.now());
        tasks.put(r.taskArn(), b.version(t.version() + 1).build());
        bump();
        return Map.of();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) return q;
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    /** Parses a JSON task definition written in a test. */
    static Map<String, Object> json(String s) {
        try {
            return ControlPlane.JSON.readValue(s, new TypeReference<>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Overrides written in a test as the TaskOverride wire shape (null stays null). */
    static TaskOverride overrides(Map<String, Object> wire) {
        return wire == null ? null : ControlPlane.JSON.convertValue(wire, TaskOverride.class);
    }

    @Override
    public void close() { server.stop(0); }
}
