package io.dockyard.store;

import io.dockyard.core.port.Change;
import io.dockyard.core.port.Changes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The change feed: a bounded ring of the latest changes, in revision order. */
final class Feed implements Changes {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final Change[] ring;
    private long count;
    private int size;
    private volatile long head;
    /** Changes after this revision are all in the ring. */
    private long floor;

    Feed(int capacity, long head) {
        if (capacity < 1) throw new IllegalArgumentException("feed size must be positive");
        this.ring = new Change[capacity];
        this.head = head;
        this.floor = head;
    }

    private Change at(int i) { return ring[(int) ((count - size + i) % ring.length)]; }

    void append(List<Change> changes, long newHead) {
        lock.lock();
        try {
            for (Change c : changes) {
                if (size == ring.length) {
                    floor = Math.max(floor, at(0).revision());
                    size--;
                }
                ring[(int) (count % ring.length)] = c;
                count++;
                size++;
            }
            head = Math.max(head, newHead);
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void reset(long revision) {
        lock.lock();
        try {
            size = 0;
            head = revision;
            floor = revision;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long head() { return head; }

    @Override
    public Page since(long revision, int max) {
        lock.lock();
        try {
            if (revision < floor) return new Page(List.of(), head, true);
            int lo = 0, hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (at(mid).revision() <= revision) lo = mid + 1; else hi = mid;
            }
            List<Change> out = new ArrayList<>();
            for (int i = lo; i < size; i++) {
                Change c = at(i);
                if (out.size() >= max && c.revision() != out.getLast().revision()) break;
                out.add(c);
            }
            return new Page(List.copyOf(out), head, false);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long await(long seen, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (head <= seen && left > 0) left = advanced.awaitNanos(left);
            return head;
        } finally {
            lock.unlock();
        }
    }
}
