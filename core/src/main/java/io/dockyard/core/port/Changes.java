package io.dockyard.core.port;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The store's change feed: every commit, in revision order, as {@link Change}s. Readers remember the
 * last revision they saw and ask for what came after it; the feed keeps a bounded window, and a reader
 * that fell out of it is told to {@link Page#reset() re-list}.
 */
public interface Changes {

    /** The revision of the last commit (0: none yet). */
    long head();

    /** Up to {@code max} changes after {@code revision}, oldest first. */
    Page since(long revision, int max);

    /**
     * Blocks until the head passes {@code seen} or the timeout ends; answers the head. Safe on virtual
     * threads (no monitor is held while waiting).
     */
    long await(long seen, Duration timeout) throws InterruptedException;

    /** A follower of the given kinds' changes, starting at the current head. */
    default Follower follow(Collection<Kind<?>> kinds) {
        Set<String> names = kinds.stream().map(Kind::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
        return follow(c -> names.contains(c.kind()), head());
    }

    /** A follower of the changes {@code relevant} accepts, starting after revision {@code from}. */
    default Follower follow(Predicate<Change> relevant, long from) { return new Follower(this, relevant, from); }

    /**
     * A page of the feed: the changes, the head when it was read, and whether the reader fell behind
     * the window (then the changes are empty, and the reader must re-read the state it follows).
     */
    record Page(List<Change> changes, long head, boolean reset) {
        /** The revision to ask from next. */
        public long next(long asked) { return reset ? head : changes.isEmpty() ? asked : changes.getLast().revision(); }
    }

    /** Wakes a loop when records of its kinds change; not thread-safe (one loop owns it). */
    final class Follower {
        private final Changes changes;
        private final Predicate<Change> relevant;
        private long seen;

        Follower(Changes changes, Predicate<Change> relevant, long from) {
            this.changes = changes;
            this.relevant = relevant;
            this.seen = from;
        }

        /** The last revision this follower has looked at. */
        public long seen() { return seen; }

        /**
         * Waits up to {@code timeout} for a relevant change after the last call; true if there was one
         * (or the feed was reset), false on timeout. Other changes are skipped.
         */
        public boolean await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Page page = changes.since(seen, 4096);
                long from = seen;
                seen = page.next(from);
                if (page.reset() || page.changes().stream().anyMatch(relevant)) return true;
                if (seen > from) continue;
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                changes.await(seen, Duration.ofNanos(left));
            }
        }
    }
}
