package io.dockyard.agent;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers of one task on the engine: starting them as their dependencies allow, taking in
 * engine events, catching up by inspection, and stopping them dependents first.
 */
final class TaskContainers {
    private static final Logger log = LoggerFactory.getLogger(TaskContainers.class);
    private final Engine engine;
    final Map<String, ContainerState> all = new LinkedHashMap<>();
    private TaskLayout layout;

    TaskContainers(Engine engine) { this.engine = engine; }

    void layout(TaskLayout layout) { this.layout = layout; }

    /** The reason of an essential container that disappeared from the engine, else null. */
    String vanishedEssential() {
        return all.values().stream().filter(c -> c.plan.essential() && c.vanished()).findFirst().map(c -> c.reason).orElse(null);
    }

    boolean essentialStopped() { return all.values().stream().anyMatch(c -> c.plan.essential() && c.isStopped()); }
    boolean allStopped() { return all.values().stream().allMatch(ContainerState::isStopped); }
    boolean allUp() { return all.values().stream().allMatch(c -> c.phase == ContainerState.Phase.RUNNING || c.isStopped()); }

    /** Docker ids of the containers made so far. */
    List<String> dockerIds() {
        List<String> ids = new ArrayList<>();
        all.values().forEach(c -> { if (c.dockerId != null) ids.add(c.dockerId); });
        return ids;
    }

    /**
     * Takes over containers a previous agent process made for this task (by their container-name
     * label); {@code register} is told each Docker id. Containers not found are marked stopped when the
     * task had already started ({@code pastStart}), else they are made as usual. Returns the id of the
     * namespace holder, if there is one.
     */
    String adopt(List<Container> adopted, boolean pastStart, Consumer<String> register) {
        String pause = null;
        for (Container c : adopted) {
            String name = c.getLabels().get(Labels.CONTAINER_NAME);
            if ("true".equals(c.getLabels().get(Labels.PAUSE))) {
                pause = c.getId();
                layout.pauseId(pause);
                continue;
            }
            ContainerState st = all.get(name);
            if (st == null) continue;
            st.dockerId = c.getId();
            if (c.getNames() != null && c.getNames().length > 0) layout.knownDockerName(name, c.getNames()[0].replaceFirst("^/", ""));
            register.accept(c.getId());
            InspectContainerResponse r = engine.inspect(c.getId());
            if (r != null) st.observe(r, layout.networkMode());
        }
        for (ContainerState c : all.values()) {
            if (c.phase == ContainerState.Phase.NONE && pastStart) c.markExited(null, ContainerState.VANISHED);
        }
        return pause;
    }

    /**
     * Starts every made container whose dependencies are met, until no more can start; marks those
     * whose dependencies can never be met (or timed out) stopped. An essential container Docker
     * refuses to start fails the task (SetupError).
     */
    void startReady(Runnable checkCancelled) {
        boolean progress = true;
        while (progress) {
            progress = false;
            Instant now = Instant.now();
            for (ContainerState c : all.values()) {
                if (c.phase != ContainerState.Phase.CREATED) continue;
                Dependencies.Readiness r = Dependencies.check(c, all, now);
                if (r.state() == Dependencies.Readiness.State.WAIT) continue;
                progress = true;
                if (r.state() == Dependencies.Readiness.State.FAILED) {
                    c.markExited(null, "CannotStartContainerError: " + r.reason());
                    continue;
                }
                try {
                    engine.start(c.dockerId);
                } catch (RuntimeException e) {
                    c.markExited(null, "CannotStartContainerError: " + message(e));
                    if (c.plan.essential()) throw new ContainerPlan.SetupError(c.reason);
                    continue;
                }
                c.started = true;
                if (c.phase == ContainerState.Phase.CREATED) c.phase = ContainerState.Phase.RUNNING;
                boolean ports = "bridge".equals(layout.networkMode()) && !c.plan.spec().portMappings().isEmpty();
                if (ports || "host".equals(layout.networkMode())) observe(c);
                checkCancelled.run();
            }
        }
    }

    /** How long the task may wait for news: until the nearest dependency deadline, at most {@code max} ms. */
    long waitMillis(long max) {
        long timeout = max;
        long now = System.currentTimeMillis();
        for (ContainerState c : all.values()) {
            if (c.phase == ContainerState.Phase.CREATED && c.waitingSince != null) {
                long left = c.waitingSince.plusSeconds(c.plan.startTimeoutSeconds()).toEpochMilli() - now;
                timeout = Math.max(10, Math.min(timeout, left + 5));
            }
        }
        return timeout;
    }

    /** An engine event about one of the containers (die, oom, destroy, health_status: …). */
    void apply(String dockerId, String action) {
        ContainerState c = all.values().stream().filter(x -> dockerId.equals(x.dockerId)).findFirst().orElse(null);
        if (c == null) return;
        if (action.startsWith("health_status")) c.health(action.substring(action.indexOf(':') + 1).trim());
        else if (action.equals("destroy")) c.markExited(c.exitCode, ContainerState.VANISHED);
        else if (action.equals("die") || action.equals("oom")) observe(c);
    }

    /** Catches up on anything the event stream missed. */
    void resync() {
        for (ContainerState c : all.values()) if (c.phase == ContainerState.Phase.RUNNING) observe(c);
    }

    /** Stops the running containers in waves, dependents first; each wave's containers stop in parallel. */
    void stopAll(Runnable checkCancelled) throws InterruptedException {
        List<ContainerState> running = all.values().stream().filter(c -> c.dockerId != null && !c.isStopped()).toList();
        for (List<ContainerState> wave : Dependencies.stopWaves(running)) {
            List<Thread> threads = new ArrayList<>();
            for (ContainerState c : wave) threads.add(Thread.ofVirtual().start(() -> stop(c)));
            for (Thread t : threads) t.join();
            checkCancelled.run();
        }
        all.values().forEach(c -> c.markExited(c.exitCode, null));
    }

    /**
     * Stops one container and sees it stopped: a call the engine fails (busy, restarting, out of connections) is tried again
     * with backoff, so a task never reports STOPPED while its container still runs.
     */
    private void stop(ContainerState c) {
        long backoff = 500;
        for (int attempt = 1; ; attempt++) {
            try {
                if (c.phase == ContainerState.Phase.RUNNING) engine.stop(c.dockerId, c.plan.stopTimeoutSeconds());
                InspectContainerResponse r = engine.inspect(c.dockerId);
                if (r != null && c.started) c.observe(r, layout.networkMode());
                if (r == null || !Boolean.TRUE.equals(r.getState().getRunning())) {
                    c.markExited(c.exitCode, null);
                    return;
                }
            } catch (RuntimeException e) {
                if (attempt == 1) log.warn("container {} not stopped yet, trying again: {}", c.dockerId, message(e));
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = Math.min(backoff * 2, 10_000);
        }
    }

    private void observe(ContainerState c) {
        InspectContainerResponse r = engine.inspect(c.dockerId);
        if (r == null) c.markExited(null, ContainerState.VANISHED);
        else c.observe(r, layout.networkMode());
    }

    /** An engine error as a reason: without docker-java's status prefix and JSON wrapping. */
    static String message(RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        return m.replaceFirst("^Status \\d+: ", "").replaceFirst("^\\{\"message\":\"(.*)\"}$", "$1");
    }
}
