package io.dockyard.agent;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import io.dockyard.core.agent.AssignedTask;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.ContainerSpec;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinitionSpec;
import io.dockyard.core.model.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task on its own virtual thread: provisions its network and volumes, makes sure images are
 * there, creates and starts containers in dependency order, watches them (engine events), and stops
 * the task when asked or when an essential container exits. Every state change is reported at once.
 */
final class TaskRunner implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final Object WAKE = new Object();
    private static final long RESYNC_MS = 15_000;
    private static final Executor VIRTUAL = r -> Thread.ofVirtual().start(r);

    /** A container event from the engine (die, health_status: …). */
    private record EngineEvent(String dockerId, String action) {}

    /** The runner was cancelled by a purge: leave at once, the purge removes the containers. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() { super(null, null, false, false); }
    }

    private final TaskServices s;
    private final String instanceArn;
    private final Map<String, Object> taskDefinition;
    private final List<com.github.dockerjava.api.model.Container> adopted;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final TaskContainers containers;
    final TaskState state;
    private volatile Task task;
    private volatile boolean cancelled;
    private volatile boolean stopForced;
    private volatile boolean finished;
    private TaskLayout layout;
    /** When the poll handed the task over, and the marks of its start (for the DEBUG timeline). */
    private final long received = System.nanoTime();
    private final StringBuilder timeline = new StringBuilder();

    TaskRunner(TaskServices s, String instanceArn, AssignedTask assigned, List<com.github.dockerjava.api.model.Container> adopted) {
        this.s = s;
        this.instanceArn = instanceArn;
        this.task = assigned.task();
        this.taskDefinition = assigned.taskDefinition() == null ? Map.of() : assigned.taskDefinition();
        this.adopted = adopted == null ? List.of() : adopted;
        this.containers = new TaskContainers(s.engine());
        this.state = new TaskState(instanceArn, containers.all);
    }

    String taskArn() { return task.taskArn(); }
    boolean finished() { return finished; }

    /** The control plane's latest view of the task (desired status may have changed). */
    void update(AssignedTask a) {
        task = a.task();
        if (finished) state.resendLast(s.reporter());
        inbox.offer(WAKE);
    }

    /** The control plane no longer lists the task: stop it if it still runs. */
    void requestStop() {
        stopForced = true;
        inbox.offer(WAKE);
    }

    /** Purge: stop doing anything (the containers are removed by the purge). */
    void cancel() {
        cancelled = true;
        inbox.offer(WAKE);
    }

    void onEvent(String dockerId, String action) { inbox.offer(new EngineEvent(dockerId, action)); }

    @Override
    public void run() {
        try {
            mark("runner");
            prepare();
            if (stopWanted() && containers.all.values().stream().allMatch(c -> c.dockerId == null)) {
                stop(null, null);
                return;
            }
            if (containers.all.values().stream().anyMatch(c -> c.phase == ContainerState.Phase.NONE)) {
                provision();
                mark("provisioned");
                report(TaskStatus.PENDING);
                createMissing();
                mark("created");
            }
            monitor();
        } catch (Cancelled c) {
            // purged
        } catch (ContainerPlan.SetupError | Images.PullError e) {
            if (!cancelled) failToStart(e.getMessage());
        } catch (RuntimeException e) {
            if (cancelled) return;
            log.warn("task failed to start task={}: {}", task.taskArn(), e.toString());
            failToStart(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            finished = true;
            containers.all.values().forEach(c -> { if (c.dockerId != null) s.byDockerId().remove(c.dockerId, this); });
        }
    }

    private void prepare() {
        Map<String, Container> records = new LinkedHashMap<>();
        for (Container c : task.containers()) records.put(c.name(), c);
        state.begin(task);
        TaskDefinitionSpec spec = TaskDefinitionSpec.parse(taskDefinition);
        layout = new TaskLayout(s.agentId(), instanceArn, task, spec, taskDefinition);
        containers.layout(layout);
        for (ContainerSpec cs : spec.containers()) {
            ContainerPlan plan = ContainerPlan.of(cs, ContainerPlan.overrideFor(task.overrides(), cs.name()));
            Container rec = records.getOrDefault(cs.name(), new Container.Builder().name(cs.name()).build());
            containers.all.put(cs.name(), new ContainerState(plan, rec));
        }
        adopt();
    }

    /** Takes over containers a previous agent process made for this task. */
    private void adopt() {
        if (adopted.isEmpty()) return;
        String pause = containers.adopt(adopted, task.status().ordinal() >= TaskStatus.RUNNING.ordinal(), id -> s.byDockerId().put(id, this));
        if (pause != null) {
            String[] addr = TaskNetwork.address(s.engine(), pause);
            if (addr != null) state.network(TaskNetwork.eni(task.attachments(), addr[0], addr[1]), addr[0]);
        }
        log.info("adopted task={} containers={}", task.taskArn(), adopted.size());
    }

    /**
     * ACTIVATING is reported for service tasks only (their load balancer and discovery registrations
     * happen there); a standalone task goes from PENDING straight to RUNNING, as on ECS.
     */
    private boolean hasActivation() {
        return task.serviceName() != null || (task.group() != null && task.group().startsWith("service:"));
    }

    private void mark(String what) {
        if (log.isDebugEnabled()) timeline.append(' ').append(what).append('=').append((System.nanoTime() - received) / 1_000_000).append("ms");
    }

    private boolean stopWanted() { return stopForced || "STOPPED".equals(task.desiredStatus()); }

    private void checkCancelled() { if (cancelled) throw new Cancelled(); }

    private void provision() {
        if (layout.needsHolder() && layout.pauseId() == null) {
            String pause = TaskNetwork.createPause(s, layout, containers.all.values().stream().map(c -> c.plan).toList());
            if (cancelled) {
                s.engine().remove(pause);
                throw new Cancelled();
            }
        }
        if (layout.awsvpc() && layout.pauseId() != null && !state.hasNetwork()) {
            String pause = layout.pauseId();
            String[] addr = TaskNetwork.address(s.engine(), pause);
            if (addr == null) throw new IllegalStateException("the task's network namespace got no address");
            state.network(TaskNetwork.eni(task.attachments(), addr[0], addr[1]), addr[0]);
            state.connectivityAt = Instant.now();
        }
        TaskVolumes.prepare(s.engine(), layout, TaskDefinitionSpec.parse(taskDefinition).volumes());
        checkCancelled();
    }

    /**
     * Creates the containers not made yet, in dependency order. An image that is present locally is
     * used as is ("cached"; its digest is read alongside); a missing one is pulled when the create
     * says so, then the create is repeated.
     */
    private void createMissing() {
        state.pullStartedAt = Instant.now();
        Map<String, CompletableFuture<String>> digests = new LinkedHashMap<>();
        for (ContainerState c : containers.all.values()) {
            if (c.phase != ContainerState.Phase.NONE) continue;
            digests.computeIfAbsent(c.plan.spec().image(), i -> CompletableFuture.supplyAsync(() -> Images.digestIfPresent(s.engine(), i), VIRTUAL));
        }
        try {
            for (ContainerState c : Dependencies.creationOrder(containers.all)) {
                if (c.phase != ContainerState.Phase.NONE) continue;
                if (stopWanted()) return;
                c.dockerId = create(c, digests);
                s.byDockerId().put(c.dockerId, this);
                c.phase = ContainerState.Phase.CREATED;
                c.waitingSince = Instant.now();
                if (cancelled) {
                    s.engine().remove(c.dockerId); // made after a purge listed the containers
                    throw new Cancelled();
                }
            }
        } catch (Images.PullError e) {
            containers.all.values().forEach(c -> { if (c.phase == ContainerState.Phase.NONE) c.reason = e.getMessage(); });
            throw e;
        } finally {
            state.pullStoppedAt = Instant.now();
            for (ContainerState c : containers.all.values()) {
                CompletableFuture<String> d = digests.get(c.plan.spec().image());
                if (c.imageDigest == null && d != null) c.imageDigest = d.getNow(null);
            }
        }
    }

    private String create(ContainerState c, Map<String, CompletableFuture<String>> digests) {
        String image = c.plan.spec().image();
        for (int attempt = 0; ; attempt++) {
            CreateContainerCmd cmd = s.engine().client().createContainerCmd(image);
            try {
                ContainerFactory.configure(cmd, c.plan, layout);
                String id = cmd.exec().getId();
                if (c.imageDigest == null) c.imageDigest = digests.get(image).join();
                return id;
            } catch (ContainerPlan.SetupError e) {
                c.reason = e.getMessage();
                throw e;
            } catch (NotFoundException e) {
                if (attempt > 0 || !String.valueOf(e.getMessage()).contains("No such image")) {
                    c.reason = "CannotCreateContainerError: " + TaskContainers.message(e);
                    throw new ContainerPlan.SetupError(c.reason);
                }
                String digest = Images.ensure(s.engine(), image, s.registryLogin());
                digests.put(image, CompletableFuture.completedFuture(digest));
                checkCancelled();
            } catch (RuntimeException e) {
                c.reason = "CannotCreateContainerError: " + TaskContainers.message(e);
                throw new ContainerPlan.SetupError(c.reason);
            }
        }
    }

    /** Starts containers as their dependencies allow, reports RUNNING, and watches until the task must stop. */
    private void monitor() {
        while (true) {
            checkCancelled();
            if (stopWanted()) {
                stop(null, null);
                return;
            }
            if (containers.essentialStopped() || containers.allStopped()) {
                stop("EssentialContainerExited", "Essential container in task exited");
                return;
            }
            containers.startReady(this::checkCancelled);
            if (containers.allUp() && !state.reached(TaskStatus.RUNNING)) {
                state.startedAt = Instant.now();
                if (state.connectivityAt == null) state.connectivityAt = state.startedAt;
                mark("started");
                if (hasActivation()) report(TaskStatus.ACTIVATING);
                report(TaskStatus.RUNNING);
                log.info("task running task={}", task.taskArn());
                if (log.isDebugEnabled()) {
                    long sinceCreated = task.createdAt() == null ? -1 : java.time.Duration.between(task.createdAt(), Instant.now()).toMillis();
                    log.debug("task timeline task={}{} (createdAt+{}ms)", task.taskArn(), timeline, sinceCreated);
                }
            } else if (state.reached(TaskStatus.RUNNING) && state.changed()) {
                report(TaskStatus.RUNNING);
            }
            awaitInbox();
        }
    }

    private void awaitInbox() {
        try {
            Object first = inbox.poll(containers.waitMillis(RESYNC_MS), TimeUnit.MILLISECONDS);
            if (first == null) {
                containers.resync();
                return;
            }
            List<Object> events = new ArrayList<>();
            events.add(first);
            inbox.drainTo(events);
            for (Object e : events) if (e instanceof EngineEvent ev) containers.apply(ev.dockerId(), ev.action());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
    }

    private void failToStart(String reason) {
        try {
            stop("TaskFailedToStart", reason);
        } catch (Cancelled c) {
            // purged meanwhile
        } catch (RuntimeException e) {
            log.warn("stopping a failed task task={}: {}", task.taskArn(), e.toString());
        }
    }

    /** DEACTIVATING → STOPPING (containers stopped, dependents first) → DEPROVISIONING → STOPPED. */
    private void stop(String stopCode, String reason) {
        state.stopCause(stopCode, reason);
        if (state.reached(TaskStatus.RUNNING)) report(TaskStatus.DEACTIVATING);
        report(TaskStatus.STOPPING);
        try {
            containers.stopAll(this::checkCancelled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
        if (layout != null && layout.pauseId() != null) s.engine().stop(layout.pauseId(), 0);
        report(TaskStatus.DEPROVISIONING);
        state.executionStoppedAt = Instant.now();
        report(TaskStatus.STOPPED);
        log.info("task stopped task={} stopCode={} reason={}", task.taskArn(), state.stopCode(), state.stoppedReason());
        scheduleCleanup();
    }

    /** Removes the task's containers and volumes once the retention delay has passed. */
    private void scheduleCleanup() {
        List<String> ids = containers.dockerIds();
        if (layout != null && layout.pauseId() != null) ids.add(layout.pauseId());
        String arn = task.taskArn();
        s.timer().schedule(() -> {
            if (cancelled) return;
            ids.forEach(id -> {
                try {
                    s.engine().remove(id);
                } catch (RuntimeException e) {
                    log.debug("cleanup of {} failed: {}", id, e.toString());
                }
            });
            TaskVolumes.removeTaskVolumes(s.engine(), s.agentId(), arn);
            s.reporter().forget(arn);
        }, s.config().retention().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report(TaskStatus status) {
        if (cancelled) return;
        TaskReport r = state.snapshot(task, status);
        if (r != null) s.reporter().send(r);
    }

}
