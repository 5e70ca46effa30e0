package io.dockyard.api.ecs.events;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.instance.InstanceShapes;
import io.dockyard.api.ecs.task.TaskShapes;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Change;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.EventPublisher;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.Out;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ECS's own events on the default EventBridge bus, as ECS sends them: {@code ECS Task State Change} when a task's last or
 * desired status changes (the detail is the task as DescribeTasks shows it, with {@code updatedAt}), {@code ECS Container
 * Instance State Change} when an instance's status or agent connection changes, and {@code ECS Deployment State Change}
 * (SERVICE_DEPLOYMENT_IN_PROGRESS, _COMPLETED, _FAILED) when a deployment's rollout state changes, and {@code ECS Service
 * Action} (SERVICE_STEADY_STATE, SERVICE_TASK_PLACEMENT_FAILURE, SERVICE_TASK_START_IMPAIRED) for those service events. It follows the store's
 * change feed on the leader, so each change is told once.
 */
public final class EcsEvents {
    private final Ecs ecs;
    private final EventPublisher publisher;
    private final Map<String, String> tasks = new HashMap<>();
    private final Map<String, String> instances = new HashMap<>();
    private final Map<String, String> deployments = new HashMap<>();
    private final java.util.Set<String> serviceEvents = new java.util.HashSet<>();

    public EcsEvents(Ecs ecs, EventPublisher publisher) {
        this.ecs = ecs;
        this.publisher = publisher;
    }

    /** The loop body: what exists when it starts is known, not told; later changes are. */
    public void run() throws InterruptedException {
        Changes changes = ecs.store().changes();
        long seen = changes.head();
        ecs.store().list(Kinds.TASK, t -> true).forEach(t -> tasks.put(t.taskArn(), taskKey(t)));
        ecs.store().list(Kinds.CONTAINER_INSTANCE, i -> true).forEach(i -> instances.put(i.arn(), instanceKey(i)));
        ecs.store().list(Kinds.SERVICE, s -> true).forEach(s -> {
            s.deployments().forEach(d -> deployments.put(d.id(), d.rolloutState()));
            s.events().forEach(e -> serviceEvents.add(e.id()));
        });
        while (!Thread.currentThread().isInterrupted()) {
            Changes.Page page = changes.since(seen, 4096);
            seen = page.next(seen);
            for (Change c : page.changes()) {
                if (c.deleted()) continue;
                if (c.kind().equals(Kinds.TASK.name())) ecs.store().get(Kinds.TASK, c.key()).ifPresent(this::task);
                else if (c.kind().equals(Kinds.CONTAINER_INSTANCE.name())) ecs.store().get(Kinds.CONTAINER_INSTANCE, c.key()).ifPresent(this::instance);
                else if (c.kind().equals(Kinds.SERVICE.name())) ecs.store().get(Kinds.SERVICE, c.key()).ifPresent(this::service);
            }
            if (page.changes().isEmpty()) changes.await(seen, Duration.ofSeconds(1));
        }
    }

    private static String taskKey(Task t) { return t.lastStatus() + "/" + t.desiredStatus(); }

    private static String instanceKey(ContainerInstance i) { return i.status() + "/" + i.agentConnected(); }

    private void task(Task t) {
        String key = taskKey(t);
        if (key.equals(tasks.put(t.taskArn(), key))) return;
        if (t.isStopped()) tasks.remove(t.taskArn());
        Out detail = TaskShapes.task(t, false).with("updatedAt", Instant.now());
        publish("ECS Task State Change", List.of(t.taskArn()), detail);
    }

    private void instance(ContainerInstance i) {
        String key = instanceKey(i);
        if (key.equals(instances.put(i.arn(), key))) return;
        Out detail = InstanceShapes.instance(ecs, i, Set.of()).with("updatedAt", Instant.now());
        publish("ECS Container Instance State Change", List.of(i.arn()), detail);
    }

    private void service(Service s) {
        for (io.dockyard.core.model.ServiceEvent e : s.events()) {
            if (!serviceEvents.add(e.id())) continue;
            String m = e.message();
            String name = m.contains("has reached a steady state") ? "SERVICE_STEADY_STATE"
                    : m.contains("was unable to place a task") ? "SERVICE_TASK_PLACEMENT_FAILURE"
                    : m.contains("unable to consistently start tasks") ? "SERVICE_TASK_START_IMPAIRED" : null;
            if (name == null) continue;
            Out detail = Out.obj().with("eventType", "SERVICE_STEADY_STATE".equals(name) ? "INFO" : "WARN").with("eventName", name)
                    .with("clusterArn", s.clusterArn()).with("createdAt", e.createdAt());
            if (!"SERVICE_STEADY_STATE".equals(name)) detail.with("reason", m);
            publish("ECS Service Action", List.of(s.arn()), detail);
        }
        for (Deployment d : s.deployments()) {
            String state = d.rolloutState();
            if (state == null || state.equals(deployments.put(d.id(), state))) continue;
            String name = switch (state) {
                case "COMPLETED" -> "SERVICE_DEPLOYMENT_COMPLETED";
                case "FAILED" -> "SERVICE_DEPLOYMENT_FAILED";
                default -> "SERVICE_DEPLOYMENT_IN_PROGRESS";
            };
            Out detail = Out.obj().with("eventType", "FAILED".equals(state) ? "ERROR" : "INFO").with("eventName", name)
                    .with("deploymentId", d.id()).with("updatedAt", Instant.now()).with("reason", d.rolloutStateReason());
            publish("ECS Deployment State Change", List.of(s.arn()), detail);
        }
    }

    private void publish(String type, List<String> resources, Out detail) {
        publisher.publish(new EventPublisher.Event("aws.ecs", type, resources, Json.write(iso(detail)), Instant.now()));
    }

    /** Events carry times as ISO 8601 strings (the API's JSON has epoch seconds). */
    static Object iso(Object v) {
        if (v instanceof Instant i) return i.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), iso(x)));
            return out;
        }
        if (v instanceof java.util.Collection<?> c) return c.stream().map(EcsEvents::iso).toList();
        return v;
    }
}
