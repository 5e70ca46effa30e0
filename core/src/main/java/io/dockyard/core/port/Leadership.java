package io.dockyard.core.port;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Which control-plane replica runs the controllers. At most one replica leads at a time, under a
 * <em>term</em>: a number that grows with every change of leader and serves as a fencing token. Work
 * done for the leader runs {@link #under(long, Callable) under its term}; a store shared by replicas
 * refuses a write made under a term that is no longer current ({@link FencedException}), so a replica
 * that lost its lease cannot act after another started, even if it has not noticed yet.
 *
 * <p>One process alone always leads ({@link #alone(String)}); replicas on PostgreSQL hold a lease.
 */
public interface Leadership extends AutoCloseable {

    /** The term this process leads under now, or 0 when it does not lead. Cheap (no I/O). */
    long term();

    /** Whether this process leads now. */
    default boolean leading() { return term() > 0; }

    /** This process's name in the leader record (the {@code --node-name}). */
    String node();

    /** The replica that holds the lease, as this process last saw it ({@code null}: none known). */
    default String leader() { return leading() ? node() : null; }

    /**
     * Blocks until this process leads, or {@code timeout} passes; answers its term, or 0 on timeout.
     * Safe on virtual threads.
     */
    long awaitLeading(Duration timeout) throws InterruptedException;

    @Override
    default void close() {}

    /** One process alone: it leads from the start, under term 1, and never loses. */
    static Leadership alone(String node) {
        return new Leadership() {
            @Override public long term() { return 1; }
            @Override public String node() { return node; }
            @Override public long awaitLeading(Duration timeout) { return 1; }
        };
    }

    /** The term the current thread works under (0: none; its writes are not fenced). */
    static long fence() {
        Long t = Fence.TERM.get();
        return t == null ? 0 : t;
    }

    /** Runs {@code work} on this thread under {@code term}: the store refuses its writes once the term is over. */
    static <T> T under(long term, Callable<T> work) throws Exception {
        Long before = Fence.TERM.get();
        Fence.TERM.set(term);
        try {
            return work.call();
        } finally {
            if (before == null) Fence.TERM.remove(); else Fence.TERM.set(before);
        }
    }

    /** A write made under a term that is over: the replica no longer leads, and must stop acting. */
    final class FencedException extends RuntimeException {
        public FencedException(String message) { super(message, null, false, false); }
    }

    /** Holder of the current thread's term (inherited by threads it starts). */
    final class Fence {
        private static final InheritableThreadLocal<Long> TERM = new InheritableThreadLocal<>();

        private Fence() {}
    }
}
