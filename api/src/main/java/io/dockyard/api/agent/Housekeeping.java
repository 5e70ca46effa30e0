package io.dockyard.api.agent;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.task.StoppedTasks;
import io.dockyard.core.loop.Supervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The control plane's periodic upkeep: marks silent agents disconnected and removes STOPPED tasks
 * past their retention. Runs as the supervised loop {@code housekeeping}.
 */
public final class Housekeeping implements AutoCloseable {
    /** How often the upkeep runs. */
    public static final Duration PERIOD = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final Ecs ecs;
    private final Heartbeats heartbeats;
    private final Duration retention;
    private final Duration period;
    private Supervisor.Loop loop;

    public Housekeeping(Ecs ecs, Heartbeats heartbeats, Duration stoppedTaskRetention) {
        this(ecs, heartbeats, stoppedTaskRetention, PERIOD);
    }

    /** With {@code period}: how often the upkeep runs. */
    public Housekeeping(Ecs ecs, Heartbeats heartbeats, Duration stoppedTaskRetention, Duration period) {
        this.period = period;
        this.ecs = ecs;
        this.heartbeats = heartbeats;
        this.retention = stoppedTaskRetention;
    }

    public Housekeeping start(Supervisor supervisor) {
        loop = supervisor.every("housekeeping", period, this::runOnce);
        return this;
    }

    /** One round of upkeep (a failure is the supervisor's to log and retry). */
    public void runOnce() {
        int flipped = heartbeats.sweep();
        int reaped = StoppedTasks.reap(ecs, retention);
        if (flipped > 0 || reaped > 0) log.info("housekeeping disconnected={} stoppedTasksRemoved={}", flipped, reaped);
    }

    @Override
    public void close() { if (loop != null) loop.stop(); }
}
