package io.dockyard.controller.capacity;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.launch.TaskLaunches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Tasks of an Auto Scaling group capacity provider that found no room wait in PROVISIONING, as on ECS; this loop (on the
 * leader) places them when container instances or tasks change — a host joins, a task ends — and at least every second,
 * so a wait that passes {@code timeout} ends in STOPPED (TaskFailedToStart). Placement itself is the application layer's
 * ({@link TaskLaunches#placeWaiting}).
 */
public final class WaitingTasks {
    private static final Logger log = LoggerFactory.getLogger(WaitingTasks.class);
    /** ECS keeps a task waiting for capacity at most this long by default (DOCKYARD_PROVISIONING_TIMEOUT_SECONDS). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
    public static final String TIMEOUT_ENV = "DOCKYARD_PROVISIONING_TIMEOUT_SECONDS";

    private final Store store;
    private final TaskLaunches launches;
    private final Duration timeout;

    public WaitingTasks(Store store, TaskLaunches launches, Duration timeout) {
        this.store = store;
        this.launches = launches;
        this.timeout = timeout;
    }

    /** The wait's limit from {@value #TIMEOUT_ENV} (seconds), else 30 minutes. */
    public static Duration timeout(Map<String, String> env) {
        String v = env.get(TIMEOUT_ENV);
        if (v == null || v.isBlank()) return DEFAULT_TIMEOUT;
        try {
            return Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TIMEOUT_ENV + " must be a number of seconds, not " + v);
        }
    }

    /** Starts the loop {@code waiting-tasks} under the (leading) supervisor. */
    public Supervisor.Loop start(Supervisor supervisor) {
        return supervisor.start("waiting-tasks", this::run);
    }

    private void run() throws InterruptedException {
        Changes.Follower changes = store.changes().follow(List.of(Kinds.CONTAINER_INSTANCE, Kinds.TASK));
        while (!Thread.currentThread().isInterrupted()) {
            TaskLaunches.Provisioned p = launches.placeWaiting(timeout);
            if (p.placed() > 0 || p.timedOut() > 0) {
                log.info("waiting tasks placed={} timed-out={} still-waiting={}", p.placed(), p.timedOut(), p.waiting());
            }
            changes.await(Duration.ofSeconds(1));
        }
    }
}
