package io.dockyard.agent;

import io.dockyard.core.agent.AssignedTask;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task on its own virtual thread: provisions its network and volumes, makes sure images are
 * there and creates its containers ({@link TaskSetup}), starts them in dependency order, watches them
 * (engine events), and stops the task when asked or when an essential container exits. Every state
 * change is reported at once.
 */
final class TaskRunner implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final Object WAKE = new Object();
    private static final long RESYNC_MS = 15_000;
    /** How long a stopping task waits for its containers' last log lines to be stored (the control plane may be away). */
    private static final java.time.Duration LOG_DRAIN = java.time.Duration.ofSeconds(3);

    /** A container event from the engine (die, health_status: …). */
    private record EngineEvent(String dockerId, String action) {}

    /** The runner was cancelled by a purge: leave at once, the purge removes the containers. */
    static final class Cancelled extends RuntimeException {
        Cancelled() { super(null, null, false, false); }
    }

    private final TaskServices s;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final TaskContainers containers;
    final TaskState state;
    private final TaskSetup setup;
    private volatile Task task;
    private volatile boolean cancelled;
    private volatile boolean stopForced;
    private volatile boolean finished;
    /** Whether this runner holds one of the agent's start permits (from its setup until its first start pass). */
    private boolean startPermit;
    /** When the poll handed the task over, and the marks of its start (for the DEBUG timeline). */
    private final long received = System.nanoTime();
    private final StringBuilder timeline = new StringBuilder();

    TaskRunner(TaskServices s, String instanceArn, AssignedTask assigned, List<com.github.dockerjava.api.model.Container> adopted) {
        this.s = s;
        this.task = assigned.task();
        this.containers = new TaskContainers(s.engine());
        this.state = new TaskState(instanceArn, containers.all);
        this.setup = new TaskSetup(this, s, instanceArn, assigned.taskDefinition() == null ? Map.of() : assigned.taskDefinition(),
                adopted == null ? List.of() : adopted, containers, state);
    }

    String taskArn() { return task.taskArn(); }
    boolean finished() { return finished; }
    boolean cancelled() { return cancelled; }

    /** The task's containers by name (for the metadata endpoint: read only). */
    Map<String, ContainerState> containers() { return containers.all; }

    /** The task's layout once set up, else null. */
    TaskLayout layout() { return setup.layout(); }

    /** The task as the control plane last handed it over. */
    Task task() { return task; }

    /** The control plane's latest view of the task (desired status may have changed). */
    void update(AssignedTask a) {
        task = a.task();
        if (finished) {
            state.resendLast(s.reporter());
            return;
        }
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
            awaitStartPermit();
            setup.prepare();
            if (stopWanted() && containers.all.values().stream().allMatch(c -> c.dockerId == null)) {
                stop(null, null);
                return;
            }
            if (containers.all.values().stream().anyMatch(c -> c.phase == ContainerState.Phase.NONE)) {
                setup.provision();
                mark("provisioned");
                report(TaskStatus.PENDING);
                setup.createMissing();
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
            releaseStartPermit();
            finished = true;
            containers.all.values().forEach(c -> { if (c.dockerId != null) s.byDockerId().remove(c.dockerId, this); });
        }
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

    boolean stopWanted() { return stopForced || "STOPPED".equals(task.desiredStatus()); }

    void checkCancelled() { if (cancelled) throw new Cancelled(); }

    /** Starts containers as their dependencies allow, reports RUNNING, and watches until the task must stop. */
    private void monitor() {
        while (true) {
            checkCancelled();
            if (stopWanted()) {
                stop(null, null);
                return;
            }
            if (containers.essentialStopped() || containers.allStopped()) {
                String vanished = containers.vanishedEssential();
                stop("EssentialContainerExited", vanished != null ? vanished : "Essential container in task exited");
                return;
            }
            containers.startReady(this::checkCancelled);
            followLogs();
            releaseStartPermit();
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

    /** Ships the output of the started containers whose definition says awslogs. */
    private void followLogs() {
        for (ContainerState c : containers.all.values()) {
            if (c.started && c.dockerId != null) s.awslogs().follow(c.dockerId, c.plan, task.taskArn(), setup.logsAs());
        }
    }

    /**
     * Waits for a start permit (at most {@code startConcurrency} tasks set up and start at once); a task
     * asked to stop meanwhile goes on without one (it starts nothing).
     */
    private void awaitStartPermit() {
        try {
            while (!s.starts().tryAcquire(100, TimeUnit.MILLISECONDS)) {
                checkCancelled();
                if (stopWanted()) return;
            }
            startPermit = true;
            mark("permit");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
    }

    private void releaseStartPermit() {
        if (!startPermit) return;
        startPermit = false;
        s.starts().release();
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
        releaseStartPermit();
        state.stopCause(stopCode, reason);
        if (state.reached(TaskStatus.RUNNING)) report(TaskStatus.DEACTIVATING);
        report(TaskStatus.STOPPING);
        try {
            containers.stopAll(this::checkCancelled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
        TaskLayout layout = setup.layout();
        if (layout != null && layout.pauseId() != null) s.engine().stop(layout.pauseId(), 0);
        followLogs(); // a container that exited before the runner saw it start (adopted) still ships its output
        s.awslogs().drain(containers.dockerIds(), LOG_DRAIN);
        report(TaskStatus.DEPROVISIONING);
        state.executionStoppedAt = Instant.now();
        report(TaskStatus.STOPPED);
        log.info("task stopped task={} stopCode={} reason={}", task.taskArn(), state.stopCode(), state.stoppedReason());
        scheduleCleanup();
    }

    /** Removes the task's containers and volumes once the retention delay has passed. */
    private void scheduleCleanup() {
        List<String> ids = containers.dockerIds();
        TaskLayout layout = setup.layout();
        if (layout != null && layout.pauseId() != null) ids.add(layout.pauseId());
        String arn = task.taskArn();
        s.later().schedule(s.config().retention(), () -> {
            if (cancelled) return;
            ids.forEach(id -> {
                s.awslogs().forget(id);
                try {
                    s.engine().remove(id);
                } catch (RuntimeException e) {
                    log.debug("cleanup of {} failed: {}", id, e.toString());
                }
            });
            TaskVolumes.removeTaskVolumes(s.engine(), s.agentId(), arn);
            s.metadata().forget(this);
            s.reporter().forget(arn);
        });
    }

    private void report(TaskStatus status) {
        if (cancelled) return;
        synchronized (state) { // reports leave in sequence order (sending only queues)
            TaskReport r = state.snapshot(task, status);
            if (r != null) s.reporter().send(r);
        }
    }

}
