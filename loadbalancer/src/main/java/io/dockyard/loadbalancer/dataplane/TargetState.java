package io.dockyard.loadbalancer.dataplane;

import io.dockyard.loadbalancer.TargetHealth;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One target as the data plane sees it: where to send traffic, its requests in flight, its health
 * (from the checker) and, once deregistered, until when it drains.
 */
final class TargetState {
    final String id;
    final int port;
    final String host;
    private volatile InetSocketAddress inet;
    final AtomicInteger inFlight = new AtomicInteger();
    /** How to cut each exchange in flight (close its client connection), used when a drain times out. */
    final Set<Runnable> cutters = ConcurrentHashMap.newKeySet();

    volatile String state = "initial";
    volatile String reason = "Elb.RegistrationInProgress";
    volatile String description = "Target registration is in progress";
    volatile long healthySinceNanos;
    volatile boolean draining;
    volatile long drainDeadlineNanos;
    volatile long nextCheckNanos;
    volatile boolean checking;
    int successes;
    int failures;

    TargetState(String id, int port, String host) {
        this.id = id;
        this.port = port;
        this.host = host;
    }

    /** Cuts every exchange still in flight: the deregistration delay is over. */
    void cutAll() {
        for (Runnable r : cutters) r.run();
        cutters.clear();
    }

    /** The target's socket address for Netty (an IP literal, so nothing is looked up). */
    InetSocketAddress inet() {
        InetSocketAddress a = inet;
        if (a == null) inet = a = new InetSocketAddress(host, port);
        return a;
    }

    String key() { return id + ":" + port; }

    boolean healthy() { return "healthy".equals(state); }

    TargetHealth health() {
        if (draining) return new TargetHealth(id, port, "draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
        return new TargetHealth(id, port, state, "healthy".equals(state) ? null : reason, "healthy".equals(state) ? null : description);
    }

    void set(String s, String r, String d) {
        if (!"healthy".equals(state) && "healthy".equals(s)) healthySinceNanos = System.nanoTime();
        state = s;
        reason = r;
        description = d;
    }
}
