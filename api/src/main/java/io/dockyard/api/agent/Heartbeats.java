package io.dockyard.api.agent;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Kinds;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agent heartbeats (every poll is one), kept in memory: the store is written only when an instance
 * flips between connected and disconnected, so a poll costs no write.
 */
public final class Heartbeats {
    /** By default an agent not heard from for this long is shown as disconnected. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Ecs ecs;
    private final Duration timeout;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();
    private final Map<String, Kind<ContainerInstance>> due = new ConcurrentHashMap<>();
    private static final Duration FLUSH = Duration.ofSeconds(1);
    private final Instant startedAt;

    public Heartbeats(Ecs ecs) { this(ecs, TIMEOUT); }

    public Heartbeats(Ecs ecs, Duration timeout) {
        this.ecs = ecs;
        this.timeout = timeout;
        this.startedAt = ecs.now();
    }

    /**
     * Records a heartbeat. An instance shown disconnected (or never heard from) is written connected at once; otherwise the
     * heartbeat's time is due in the store once every quarter of the timeout, so that every control-plane replica sharing
     * the store (not only the one the agent polls) knows the agent is alive — written by {@link #flush()}, which puts all
     * the due ones in one transaction (one commit a second, however many agents poll this replica).
     */
    public void beat(Kind<ContainerInstance> kind, ContainerInstance instance) {
        Instant now = ecs.now();
        last.put(instance.arn(), now);
        if (!instance.agentConnected() || instance.lastHeartbeatAt() == null) {
            ecs.store().atomically(() -> ecs.store().get(kind, instance.arn())
                    .filter(i -> needsWrite(i, now))
                    .ifPresent(i -> ecs.store().put(kind, i.withHeartbeat(true, now))));
        } else if (needsWrite(instance, now)) {
            due.put(instance.arn(), kind);
        }
    }

    /** Writes the heartbeats due, in one transaction; answers how many instances it wrote. */
    public int flush() {
        if (due.isEmpty()) return 0;
        Map<String, Kind<ContainerInstance>> batch = new java.util.HashMap<>();
        for (var it = due.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            batch.put(e.getKey(), e.getValue());
            it.remove();
        }
        return ecs.store().atomically(() -> {
            int n = 0;
            for (Map.Entry<String, Kind<ContainerInstance>> e : batch.entrySet()) {
                Instant seen = last.get(e.getKey());
                if (seen == null) continue;
                var stored = ecs.store().get(e.getValue(), e.getKey()).filter(i -> needsWrite(i, seen));
                if (stored.isPresent()) {
                    ecs.store().put(e.getValue(), stored.get().withHeartbeat(true, seen));
                    n++;
                }
            }
            return n;
        });
    }

    /** Flushes due heartbeats every second, on every replica (agents poll any of them). */
    public void start(Supervisor supervisor) {
        supervisor.every("heartbeats", FLUSH, this::flush);
    }

    private boolean needsWrite(ContainerInstance i, Instant now) {
        return !i.agentConnected() || i.lastHeartbeatAt() == null || i.lastHeartbeatAt().plus(timeout.dividedBy(4)).isBefore(now);
    }

    /** How long an agent may stay silent before its instance shows disconnected. */
    public Duration timeout() { return timeout; }

    /** When the agent last polled (since this control plane started), if it did. */
    public Instant lastSeen(String arn) { return last.get(arn); }

    /** Marks instances whose agent went silent as disconnected; returns how many flipped. */
    public int sweep() {
        Instant now = ecs.now();
        int flipped = sweep(Kinds.CONTAINER_INSTANCE, now) + sweep(FargateRunners.KIND, now);
        return flipped;
    }

    private int sweep(Kind<ContainerInstance> kind, Instant now) {
        return ecs.store().atomically(() -> {
            int n = 0;
            for (ContainerInstance i : ecs.store().list(kind, ContainerInstance::agentConnected)) {
                Instant seen = later(later(startedAt, i.lastHeartbeatAt()), last.get(i.arn()));
                if (seen.plus(timeout).isBefore(now)) {
                    ecs.store().put(kind, i.withHeartbeat(false, seen));
                    last.remove(i.arn());
                    n++;
                }
            }
            return n;
        });
    }

    private static Instant later(Instant a, Instant b) { return b == null || a.isAfter(b) ? a : b; }
}
