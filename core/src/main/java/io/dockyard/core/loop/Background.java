package io.dockyard.core.loop;

import java.lang.management.ManagementFactory;

/**
 * Threads for background work — the supervised loops (controllers, the leader's scheduler passes, sweeps) and the
 * store's change-feed follower — as opposed to requests.
 *
 * <p>By default they are virtual threads, like the requests'. A JVM started with {@code -XX:ThreadPriorityPolicy=1}
 * (docs/fleet.md gives it to fleet replicas) maps Java thread priorities to nice values on Linux; then background work
 * runs on platform threads at {@link Thread#MIN_PRIORITY} (nice 4), so that when the cores are saturated the requests'
 * carrier threads are scheduled first and an agent's heartbeat or an API call does not queue behind a scheduler pass or
 * the decoding of another replica's commit. A virtual thread cannot be given a priority: it runs at its carrier's.
 */
public final class Background {
    private Background() {}

    private static final boolean LOW_PRIORITY = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:ThreadPriorityPolicy=1");

    /** Whether background threads run at a lower OS priority than requests (see the class comment). */
    public static boolean lowPriority() { return LOW_PRIORITY; }

    /** A builder for one background thread named {@code name}. */
    public static Thread.Builder thread(String name) {
        return LOW_PRIORITY ? Thread.ofPlatform().name(name).daemon(true).priority(Thread.MIN_PRIORITY) : Thread.ofVirtual().name(name);
    }
}
