package io.dockyard.api.agent;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.task.ClusterTasks;
import io.dockyard.core.AwsException;
import io.dockyard.core.agent.AgentWork;
import io.dockyard.core.agent.AssignedTask;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Change;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Kinds;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What agents ask for and tell: the clusters to join, the work of an instance (long polls on the
 * change signal) and reports of what they observed.
 * <p>Versions handed to agents are the signal's count plus a base taken from the clock at start, so a
 * version an agent kept from before a control-plane restart is always older than the current one and
 * its next poll answers at once; a version above the current one (kept from another replica the agent
 * failed over from) answers at once too.
 */
final class Work {
    private final Ecs ecs;
    private final Heartbeats heartbeats;
    private final long base = System.currentTimeMillis() * 1000;
    /** By instance: the tasks whose task definition the last answer to its poll carried or had carried before. */
    private final Map<String, Set<String>> handedOver = new ConcurrentHashMap<>();

    Work(Ecs ecs, Heartbeats heartbeats) {
        this.ecs = ecs;
        this.heartbeats = heartbeats;
    }

    /** {@code {"version": V, "clusters": [names of ACTIVE clusters]}} once something changed past {@code since}. */
    Map<String, Object> clusters(long since, Duration wait) {
        long v = awaitPast(since, wait, c -> c.kind().equals(Kinds.CLUSTER.name()));
        List<String> names = ecs.store().list(Kinds.CLUSTER, c -> "ACTIVE".equals(c.status())).stream().map(Cluster::name).toList();
        return Map.of("version", v, "clusters", names);
    }

    /**
     * Every task not STOPPED on the instance (all FARGATE tasks for a Fargate runner). A task carries its
     * task definition in the first answer that hands it to the instance, and every task does in a first
     * poll ({@code since} ≤ 0: a new or restarted agent adopting what runs); later answers leave the
     * documents out, which keeps a poll of many tasks small. An agent that lacks a document it needs
     * (an answer it never got) polls from 0 again.
     */
    AgentWork poll(String instanceArn, long since, Duration wait) {
        Kind<ContainerInstance> kind = kindOf(instanceArn);
        ContainerInstance instance = live(kind, instanceArn)
                .orElseThrow(() -> new AwsException("ContainerInstanceNotFound", 404, "Unknown or deregistered container instance " + instanceArn + "; register again."));
        heartbeats.beat(kind, instance);
        long v = awaitPast(since, wait, c -> c.kind().equals(Kinds.TASK.name()) || c.kind().equals(Kinds.TASK_DEFINITION.name()) || c.kind().equals(Kinds.DAEMON_TASK_DEFINITION.name())
                || c.key().equals(instanceArn));
        if (live(kind, instanceArn).isEmpty()) {
            throw new AwsException("ContainerInstanceNotFound", 404, "Container instance " + instanceArn + " was deregistered; register again.");
        }
        boolean fargate = kind == FargateRunners.KIND;
        Set<String> before = since <= 0 ? Set.of() : handedOver.getOrDefault(instanceArn, Set.of());
        Set<String> now = ConcurrentHashMap.newKeySet();
        List<Task> assigned = fargate ? ecs.store().list(Kinds.TASK, t -> t.isActive() && "FARGATE".equals(t.launchType()))
                : ecs.store().list(Kinds.TASKS_BY_INSTANCE, instanceArn).stream().filter(Task::isActive).toList();
        List<AssignedTask> tasks = assigned.stream().map(t -> {
                    now.add(t.taskArn());
                    return new AssignedTask(t, before.contains(t.taskArn()) ? null : definition(t));
                })
                .toList();
        handedOver.put(instanceArn, now);
        return new AgentWork(v, tasks);
    }

    private Map<String, Object> definition(Task t) {
        Map<String, Object> doc = ClusterTasks.taskDefinition(ecs, t.taskDefinitionArn()).map(TaskDefinition::document).orElse(null);
        // awslogs containers without a mode run in the account's defaultLogDriverMode
        return io.dockyard.api.ecs.account.LogDriverMode.apply(ecs.store(), io.dockyard.core.Arns.sameAs(t.taskArn()).account(), doc);
    }

    /** Applies a report forward-only; answers the task's version and desired status. */
    Map<String, Object> report(TaskReport r) {
        if (r.taskArn() == null) throw AwsException.invalidParameter("taskArn is required.");
        Task[] before = new Task[1];
        Task after = ecs.store().atomically(() -> {
            Task t = ecs.store().get(Kinds.TASK, r.taskArn())
                    .orElseThrow(() -> new AwsException("TaskNotFound", 404, "Unknown task " + r.taskArn() + "."));
            if (!reporterOwns(t, r.containerInstanceArn())) {
                throw new AwsException("NotAssigned", 409, "Task " + t.taskArn() + " is not assigned to " + r.containerInstanceArn() + ".");
            }
            before[0] = t;
            Task merged = TaskReports.apply(t, r, ecs.now());
            if (merged != t) ecs.store().put(Kinds.TASK, merged);
            return merged;
        });
        return Map.of("taskArn", after.taskArn(), "version", after.version(), "lastStatus", after.lastStatus(), "desiredStatus", after.desiredStatus());
    }

    private boolean reporterOwns(Task t, String reporter) {
        if (reporter == null) return false;
        if ("FARGATE".equals(t.launchType())) return kindOf(reporter) == FargateRunners.KIND && ecs.store().get(FargateRunners.KIND, reporter).isPresent();
        return reporter.equals(t.containerInstanceArn());
    }

    private Kind<ContainerInstance> kindOf(String arn) {
        return ecs.store().get(FargateRunners.KIND, arn).isPresent() ? FargateRunners.KIND : Kinds.CONTAINER_INSTANCE;
    }

    private Optional<ContainerInstance> live(Kind<ContainerInstance> kind, String arn) {
        return ecs.store().get(kind, arn).filter(i -> !"INACTIVE".equals(i.status()));
    }

    /**
     * Waits until a change the caller cares about ({@code relevant}) is committed past {@code since}
     * (in agent versions) or the wait ends; the current agent version. Changes of no concern to this
     * agent (other instances' heartbeats, load balancer records…) do not end the wait. Waits in short
     * slices so a shutting-down control plane answers at once.
     */
    private long awaitPast(long since, Duration wait, Predicate<Change> relevant) {
        long seen = since - base;
        Changes changes = ecs.store().changes();
        // a version above the current one was handed out by another control-plane process (the agent failed over): answer at once
        if (seen < 0 || seen > changes.head()) return base + changes.head();
        Changes.Follower follower = changes.follow(relevant, seen);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (!ecs.closing()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || follower.await(Duration.ofNanos(Math.min(left, SLICE.toNanos())))) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return base + changes.head();
    }

    private static final Duration SLICE = Duration.ofMillis(250);
}
