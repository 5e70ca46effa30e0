package io.dockyard.loadbalancer.dataplane;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.loadbalancer.model.HealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Active health checks: every target of a group that a listener uses is probed each interval (the
 * first probe right after registration); HealthyThresholdCount passes in a row make it healthy,
 * UnhealthyThresholdCount failures unhealthy. Also ends drains: a draining target leaves when it has
 * no request in flight, or when its deregistration delay is over (what is still in flight is cut).
 * The rounds run every 100 ms as the supervised loop {@code lb-health}; probes run on virtual threads.
 */
final class HealthChecker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
    private final Supervisor.Loop ticker;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private final Supplier<Collection<TargetPool>> pools;

    HealthChecker(Supplier<Collection<TargetPool>> pools, Supervisor supervisor) {
        this.pools = pools;
        this.ticker = supervisor.every("lb-health", Duration.ofMillis(100), this::tick);
    }

    private void tick() {
        long now = System.nanoTime();
        for (TargetPool pool : pools.get()) {
            for (TargetState t : pool.all()) {
                if (t.draining) {
                    if (t.inFlight.get() == 0) pool.remove(t);
                    else if (now - t.drainDeadlineNanos >= 0) {
                        t.cutAll();
                        pool.remove(t);
                    }
                    continue;
                }
                HealthCheck hc = pool.group.healthCheck();
                if (!pool.inUse || !hc.enabled() || t.checking || now - t.nextCheckNanos < 0) continue;
                t.checking = true;
                t.nextCheckNanos = now + hc.intervalSeconds() * 1_000_000_000L;
                probes.execute(() -> probe(pool, t, hc));
            }
        }
    }

    private void probe(TargetPool pool, TargetState t, HealthCheck hc) {
        try {
            Probe.Result r = Probe.run(hc, t.host, t.port);
            synchronized (t) {
                boolean before = t.healthy();
                if (r.passed()) {
                    t.failures = 0;
                    t.successes++;
                    if (!t.healthy() && t.successes >= hc.healthyThreshold()) t.set("healthy", null, null);
                    else if ("initial".equals(t.state)) t.set("initial", "Elb.InitialHealthChecking", "Initial health checks in progress");
                } else {
                    t.successes = 0;
                    t.failures++;
                    if (t.failures >= hc.unhealthyThreshold() || "unhealthy".equals(t.state)) t.set("unhealthy", r.reason(), r.description());
                    else if ("initial".equals(t.state)) t.set("initial", "Elb.InitialHealthChecking", "Initial health checks in progress");
                }
                if (before != t.healthy()) {
                    log.info("target {} of {} is {}{}", t.key(), pool.group.name(), t.state, t.reason == null || t.healthy() ? "" : " (" + t.reason + ")");
                    pool.refresh();
                }
            }
        } finally {
            t.checking = false;
        }
    }

    @Override
    public void close() {
        ticker.stop();
        probes.shutdownNow();
    }
}
