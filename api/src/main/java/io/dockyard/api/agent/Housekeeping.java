package io.dockyard.api.agent;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.task.StoppedTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's periodic upkeep: marks silent agents disconnected and removes STOPPED tasks
 * past their retention.
 */
public final class Housekeeping implements AutoCloseable {
    /** How often the upkeep runs. */
    public static final Duration PERIOD = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final Ecs ecs;
    private final Heartbeats heartbeats;
    private final Duration retention;
    private final Duration period;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("housekeeping").factory());

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

    public Housekeeping start() {
        timer.scheduleWithFixedDelay(this::runOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One round of upkeep. */
    public void runOnce() {
        try {
            int flipped = heartbeats.sweep();
            int reaped = StoppedTasks.reap(ecs, retention);
            if (flipped > 0 || reaped > 0) log.info("housekeeping disconnected={} stoppedTasksRemoved={}", flipped, reaped);
        } catch (RuntimeException e) {
            log.warn("housekeeping failed: {}", e.toString());
        }
    }

    @Override
    public void close() { timer.shutdownNow(); }
}
