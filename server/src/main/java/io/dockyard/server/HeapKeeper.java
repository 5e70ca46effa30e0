package io.dockyard.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the old generation's committed size near what is live, so that RSS stays flat under steady work. Serial GC (the
 * launcher's) grows the old generation on promotion rather than collecting it while it may still grow: a steady trickle
 * of objects that outlive the small young generation (about 5 MB a minute with 100 containers logging) raised the RSS by
 * 88 MiB in 10 minutes with 52 MB live, on its way to -Xmx. Each round compares the old generation's committed size with
 * what its last full collection left; past {@link #bound} it asks for a full collection, which — with the launcher's
 * {@code -XX:MaxHeapFreeRatio=30} — also gives the unused part back. The cost is a full collection (tens of
 * milliseconds with ~50 MB live) every several minutes of heavy work, none when idle, and none once more than
 * {@link #LARGE} is live. {@code DOCKYARD_HEAP_KEEPER=off}
 * turns it off; it does nothing under another collector.
 */
final class HeapKeeper {
    private static final Logger log = LoggerFactory.getLogger(HeapKeeper.class);
    static final String ENV = "DOCKYARD_HEAP_KEEPER";
    /** Growth over the live set tolerated before a collection (and at least the live set itself again). */
    static final long SLACK = 48L << 20;
    /**
     * A live set past which the keeper leaves the heap alone: a full collection of it stops the process for a second or
     * more (1.5 s with 290 MB live on a fleet replica holding 100,000 tasks), and such a heap was sized on purpose.
     */
    static final long LARGE = 128L << 20;

    private final MemoryPoolMXBean tenured;

    private HeapKeeper(MemoryPoolMXBean tenured) { this.tenured = tenured; }

    /** The keeper of this JVM's heap: present under Serial GC unless turned off. */
    static Optional<HeapKeeper> of(Map<String, String> env) {
        if ("off".equalsIgnoreCase(env.getOrDefault(ENV, ""))) return Optional.empty();
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Tenured Gen")).findFirst().map(HeapKeeper::new);
    }

    /**
     * When a collection is due: the committed size past the bound over what the last full collection left live, and
     * grown past its initial size (no collection for the heap a start commits: it gives nothing back).
     */
    static boolean due(long committed, long liveAfterLastFull, long initial) {
        return liveAfterLastFull <= LARGE && committed > Math.max(initial, bound(liveAfterLastFull));
    }

    static long bound(long live) { return Math.max(live + SLACK, 2 * live); }

    void round() {
        MemoryUsage now = tenured.getUsage();
        MemoryUsage lastFull = tenured.getCollectionUsage();
        long live = lastFull == null ? 0 : lastFull.getUsed();
        if (!due(now.getCommitted(), live, Math.max(0, now.getInit()))) return;
        long t0 = System.nanoTime();
        System.gc();
        MemoryUsage after = tenured.getUsage();
        log.debug("heap keeper: old generation {} MiB committed over {} MiB live; collected in {} ms: {} MiB live, {} MiB committed",
                now.getCommitted() >> 20, live >> 20, (System.nanoTime() - t0) / 1_000_000, after.getUsed() >> 20, after.getCommitted() >> 20);
    }
}
