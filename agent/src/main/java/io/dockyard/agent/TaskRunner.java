package io.dockyard.agent;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
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
    private final Map<String, ContainerState> containers = new LinkedHashMap<>();
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
        this.state = new TaskState(instanceArn, containers);
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
            if (stopWanted() && containers.values().stream().allMatch(c -> c.dockerId == null)) {
                stop(null, null);
                return;
            }
            if (containers.values().stream().anyMatch(c -> c.phase == ContainerState.Phase.NONE)) {
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
            containers.values().forEach(c -> { if (c.dockerId != null) s.byDockerId().remove(c.dockerId, this); });
        }
    }

    private void prepare() {
        Map<String, Container> records = new LinkedHashMap<>();
        for (Container c : task.containers()) records.put(c.name(), c);
        state.begin(task);
        TaskDefinitionSpec spec = TaskDefinitionSpec.parse(taskDefinition);
        layout = new TaskLayout(s.agentId(), instanceArn, task, spec, taskDefinition);
        for (ContainerSpec cs : spec.containers()) {
            ContainerPlan plan = ContainerPlan.of(cs, ContainerPlan.overrideFor(task.overrides(), cs.name()));
            Container rec = records.getOrDefault(cs.name(), new Container.Builder().name(cs.name()).build());
            containers.put(cs.name(), new ContainerState(plan, rec));
        }
        adopt();
    }

    /** Takes over containers a previous agent process made for this task. */
    private void adopt() {
        if (adopted.isEmpty()) return;
        for (var c : adopted) {
            String name = c.getLabels().get(Labels.CONTAINER_NAME);
            String dockerName = c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : null;
            if ("true".equals(c.getLabels().get(Labels.PAUSE))) {
                layout.pauseId(c.getId());
                String[] addr = TaskNetwork.address(s.engine(), c.getId());
                if (addr != null) state.network(TaskNetwork.eni(task.attachments(), addr[0], addr[1]), addr[0]);
                continue;
            }
            ContainerState st = containers.get(name);
            if (st == null) continue;
            st.dockerId = c.getId();
            if (dockerName != null) layout.knownDockerName(name, dockerName);
            s.byDockerId().put(c.getId(), this);
            InspectContainerResponse r = s.engine().inspect(c.getId());
            if (r != null) st.observe(r, layout.networkMode());
        }
        boolean pastStart = task.status().ordinal() >= TaskStatus.RUNNING.ordinal();
        for (ContainerState c : containers.values()) {
            if (c.phase == ContainerState.Phase.NONE && pastStart) c.markExited(null, "Container not found on the container instance");
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
            String pause = TaskNetwork.createPause(s, layout, containers.values().stream().map(c -> c.plan).toList());
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
        for (ContainerState c : containers.values()) {
            if (c.phase != ContainerState.Phase.NONE) continue;
            digests.computeIfAbsent(c.plan.spec().image(), i -> CompletableFuture.supplyAsync(() -> Images.digestIfPresent(s.engine(), i), VIRTUAL));
        }
        try {
            for (ContainerState c : Dependencies.creationOrder(containers)) {
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
            containers.values().forEach(c -> { if (c.phase == ContainerState.Phase.NONE) c.reason = e.getMessage(); });
            throw e;
        } finally {
            state.pullStoppedAt = Instant.now();
            for (ContainerState c : containers.values()) {
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
                    c.reason = "CannotCreateContainerError: " + message(e);
                    throw new ContainerPlan.SetupError(c.reason);
                }
                String digest = Images.ensure(s.engine(), image, s.registryLogin());
                digests.put(image, CompletableFuture.completedFuture(digest));
                checkCancelled();
            } catch (RuntimeException e) {
                c.reason = "CannotCreateContainerError: " + message(e);
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
            ContainerState exited = containers.values().stream().filter(c -> c.plan.essential() && c.isStopped()).findFirst().orElse(null);
            if (exited != null || containers.values().stream().allMatch(ContainerState::isStopped)) {
                stop("EssentialContainerExited", "Essential container in task exited");
                return;
            }
            startReady();
            boolean allUp = containers.values().stream().allMatch(c -> c.phase == ContainerState.Phase.RUNNING || c.isStopped());
            if (allUp && !state.reached(TaskStatus.RUNNING) && containers.values().stream().noneMatch(c -> c.plan.essential() && c.isStopped())) {
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

    private void startReady() {
        boolean progress = true;
        while (progress) {
            progress = false;
            Instant now = Instant.now();
            for (ContainerState c : containers.values()) {
                if (c.phase != ContainerState.Phase.CREATED) continue;
                Dependencies.Readiness r = Dependencies.check(c, containers, now);
                if (r.state() == Dependencies.Readiness.State.WAIT) continue;
                if (r.state() == Dependencies.Readiness.State.FAILED) {
                    c.markExited(null, "CannotStartContainerError: " + r.reason());
                    progress = true;
                    continue;
                }
                try {
                    s.engine().start(c.dockerId);
                } catch (RuntimeException e) {
                    c.markExited(null, "CannotStartContainerError: " + message(e));
                    if (c.plan.essential()) throw new ContainerPlan.SetupError(c.reason);
                    progress = true;
                    continue;
                }
                c.started = true;
                if (c.phase == ContainerState.Phase.CREATED) c.phase = ContainerState.Phase.RUNNING;
                if ("bridge".equals(layout.networkMode()) && !c.plan.spec().portMappings().isEmpty() || "host".equals(layout.networkMode())) {
                    InspectContainerResponse ir = s.engine().inspect(c.dockerId);
                    if (ir != null) c.observe(ir, layout.networkMode());
                }
                checkCancelled();
                progress = true;
            }
        }
    }

    private void awaitInbox() {
        long timeout = RESYNC_MS;
        Instant now = Instant.now();
        for (ContainerState c : containers.values()) {
            if (c.phase == ContainerState.Phase.CREATED && c.waitingSince != null) {
                long left = c.waitingSince.plusSeconds(c.plan.startTimeoutSeconds()).toEpochMilli() - now.toEpochMilli();
                timeout = Math.max(10, Math.min(timeout, left + 5));
            }
        }
        try {
            Object first = inbox.poll(timeout, TimeUnit.MILLISECONDS);
            if (first == null) {
                resync();
                return;
            }
            List<Object> events = new ArrayList<>();
            events.add(first);
            inbox.drainTo(events);
            for (Object e : events) if (e instanceof EngineEvent ev) apply(ev);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancelled();
        }
    }

    private void apply(EngineEvent ev) {
        ContainerState c = containers.values().stream().filter(x -> ev.dockerId().equals(x.dockerId)).findFirst().orElse(null);
        if (c == null) return;
        String a = ev.action();
        if (a.startsWith("health_status")) {
            c.health(a.substring(a.indexOf(':') + 1).trim());
        } else if (a.equals("die") || a.equals("oom") || a.equals("destroy")) {
            InspectContainerResponse r = s.engine().inspect(c.dockerId);
            if (r == null) c.markExited(null, "Container not found on the container instance");
            else c.observe(r, layout.networkMode());
        }
    }

    /** Catches up on anything the event stream missed. */
    private void resync() {
        for (ContainerState c : containers.values()) {
            if (c.phase != ContainerState.Phase.RUNNING) continue;
            InspectContainerResponse r = s.engine().inspect(c.dockerId);
            if (r == null) c.markExited(null, "Container not found on the container instance");
            else c.observe(r, layout.networkMode());
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
        List<ContainerState> running = containers.values().stream().filter(c -> c.dockerId != null && !c.isStopped()).toList();
        for (List<ContainerState> wave : Dependencies.stopWaves(running)) {
            List<Thread> threads = new ArrayList<>();
            for (ContainerState c : wave) threads.add(Thread.ofVirtual().start(() -> stopContainer(c)));
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Cancelled();
                }
            }
            checkCancelled();
        }
        if (layout != null && layout.pauseId() != null) s.engine().stop(layout.pauseId(), 0);
        report(TaskStatus.DEPROVISIONING);
        containers.values().forEach(c -> c.markExited(c.exitCode, null));
        state.executionStoppedAt = Instant.now();
        report(TaskStatus.STOPPED);
        log.info("task stopped task={} stopCode={} reason={}", task.taskArn(), state.stopCode(), state.stoppedReason());
        scheduleCleanup();
    }

    private void stopContainer(ContainerState c) {
        if (c.phase == ContainerState.Phase.RUNNING) s.engine().stop(c.dockerId, c.plan.stopTimeoutSeconds());
        InspectContainerResponse r = s.engine().inspect(c.dockerId);
        if (r != null && c.started) c.observe(r, layout.networkMode());
        c.markExited(c.exitCode, null);
    }

    /** Removes the task's containers and volumes once the retention delay has passed. */
    private void scheduleCleanup() {
        List<String> ids = new ArrayList<>();
        containers.values().forEach(c -> { if (c.dockerId != null) ids.add(c.dockerId); });
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

    private static String message(RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        return m.replaceFirst("^Status \\d+: ", "").replaceFirst("^\\{\"message\":\"(.*)\"}$", "$1");
    }
}
