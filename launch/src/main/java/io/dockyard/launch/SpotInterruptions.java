package io.dockyard.launch;

import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Tag;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Fargate Spot interruptions, simulated as ECS delivers them: the task's desired status becomes STOPPED
 * with {@code stopCode SpotInterruption} (the task state change), its containers get SIGTERM and are
 * killed after their {@code stopTimeout} (ECS: the two-minute warning), and a service replaces the task
 * following its capacity provider strategy. On demand ({@code POST /_dockyard/spot-interruption}), or
 * at random at the rate a cluster's tag {@value #RATE_TAG} sets (interruptions per task per hour).
 */
public final class SpotInterruptions {
    private static final Logger log = LoggerFactory.getLogger(SpotInterruptions.class);
    public static final String STOP_CODE = "SpotInterruption";
    public static final String REASON = "Your Spot Task was interrupted.";
    public static final String RATE_TAG = "dockyard:spot-interruptions-per-hour";

    private final Store store;
    private final Clock clock;
    private final RandomGenerator random;

    public SpotInterruptions(Store store, Clock clock, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    /** Whether the task runs on Fargate Spot and can still be interrupted. */
    static boolean interruptible(Task t) {
        return CapacityProviders.FARGATE_SPOT.equals(t.capacityProviderName()) && !t.isStopped() && "RUNNING".equals(t.desiredStatus());
    }

    /**
     * Interrupts {@code taskArn} (when given) or up to {@code max} of the cluster's Fargate Spot tasks; returns the ARNs
     * interrupted (a task not on Fargate Spot is not).
     */
    public List<String> interrupt(String clusterArn, String taskArn, int max) {
        Instant now = clock.instant();
        return store.atomically(() -> {
            List<String> done = new ArrayList<>();
            for (Task t : store.list(Kinds.TASKS_BY_CLUSTER, clusterArn)) {
                if (done.size() >= max) break;
                if (taskArn != null && !taskArn.equals(t.taskArn())) continue;
                if (!interruptible(t)) continue;
                store.put(Kinds.TASK, t.toBuilder().desiredStatus("STOPPED").stopCode(STOP_CODE).stoppedReason(REASON)
                        .stoppingAt(now).version(t.version() + 1).build());
                done.add(t.taskArn());
            }
            if (!done.isEmpty()) log.info("spot interruption cluster={} tasks={}", clusterArn, done.size());
            return done;
        });
    }

    /** One round of the rate loop: each Fargate Spot task of a tagged cluster is interrupted with the chance its rate gives. */
    public void tick(Duration interval) {
        for (Cluster c : store.list(Kinds.CLUSTER, x -> "ACTIVE".equals(x.status()))) {
            double perHour = rate(c);
            if (perHour <= 0) continue;
            double chance = perHour * interval.toMillis() / 3_600_000.0;
            for (Task t : store.list(Kinds.TASKS_BY_CLUSTER, c.arn())) {
                if (interruptible(t) && random.nextDouble() < chance) interrupt(c.arn(), t.taskArn(), 1);
            }
        }
    }

    static double rate(Cluster c) {
        if (c.tags() == null) return 0;
        for (Tag t : c.tags()) {
            if (!RATE_TAG.equals(t.key())) continue;
            try {
                return Double.parseDouble(t.value());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
