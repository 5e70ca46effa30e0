package io.dockyard.loadbalancer.dataplane;

import io.dockyard.loadbalancer.TargetHealth;
import io.dockyard.loadbalancer.model.TargetGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live targets of one target group and the choice of a target per request: round robin or
 * least outstanding requests over the healthy targets (all non-draining ones when none is healthy,
 * as ELB fails open), with slow start ramping a newly healthy target's share up linearly.
 */
final class TargetPool {
    final String arn;
    private final Map<String, TargetState> targets = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile TargetState[] routable = new TargetState[0];
    volatile TargetGroup group;
    volatile boolean inUse;
    /** The group's attributes the per-request path reads, parsed once per change. */
    private volatile Settings settings;

    record Settings(boolean leastOutstanding, long slowStartNanos, boolean sticky, int stickySeconds) {
        static Settings of(TargetGroup g) {
            return new Settings("least_outstanding_requests".equals(g.attribute("load_balancing.algorithm.type")),
                    g.intAttribute("slow_start.duration_seconds", 0) * 1_000_000_000L,
                    "true".equals(g.attribute("stickiness.enabled")) && "lb_cookie".equals(g.attribute("stickiness.type")),
                    g.intAttribute("stickiness.lb_cookie.duration_seconds", 86400));
        }
    }

    TargetPool(TargetGroup group) {
        this.arn = group.arn();
        configure(group);
    }

    /** Takes the group's current configuration. */
    void configure(TargetGroup g) {
        group = g;
        settings = Settings.of(g);
    }

    Settings settings() { return settings; }

    List<TargetState> all() { return new ArrayList<>(targets.values()); }

    TargetState get(String key) { return targets.get(key); }

    void add(TargetState t) {
        targets.put(t.key(), t);
        refresh();
    }

    void remove(TargetState t) {
        targets.remove(t.key(), t);
        refresh();
    }

    /** Recomputes the routable set after a health, drain or configuration change. */
    synchronized void refresh() {
        boolean checks = group.healthCheck().enabled();
        List<TargetState> active = new ArrayList<>();
        List<TargetState> healthy = new ArrayList<>();
        for (TargetState t : targets.values()) {
            if (t.draining) continue;
            active.add(t);
            if (!checks || t.healthy()) healthy.add(t);
        }
        routable = (healthy.isEmpty() ? active : healthy).toArray(new TargetState[0]);
    }

    boolean routable(TargetState t) {
        for (TargetState r : routable) if (r == t) return true;
        return false;
    }

    /** The target for the next request, or null when the group has no target to send it to. */
    TargetState pick() {
        TargetState[] r = routable;
        if (r.length == 0) return null;
        if (r.length == 1) return r[0];
        Settings cfg = settings;
        if (cfg.leastOutstanding()) {
            int start = Math.floorMod(next.getAndIncrement(), r.length);
            TargetState best = null;
            for (int i = 0; i < r.length; i++) {
                TargetState t = r[(start + i) % r.length];
                if (best == null || t.inFlight.get() < best.inFlight.get()) best = t;
            }
            return best;
        }
        long slowStart = cfg.slowStartNanos();
        for (int tries = 0; tries < r.length; tries++) {
            TargetState t = r[Math.floorMod(next.getAndIncrement(), r.length)];
            if (slowStart <= 0 || !t.healthy()) return t;
            long age = System.nanoTime() - t.healthySinceNanos;
            if (age >= slowStart || ThreadLocalRandom.current().nextDouble() < Math.max(0.05, (double) age / slowStart)) return t;
        }
        return r[Math.floorMod(next.getAndIncrement(), r.length)];
    }

    List<TargetHealth> health() {
        return targets.values().stream().map(TargetState::health).toList();
    }
}
