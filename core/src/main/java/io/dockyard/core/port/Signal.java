package io.dockyard.core.port;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A change counter that waiters block on: {@link #fire()} bumps it and wakes everyone waiting for a
 * value past the one they saw. Used to wake long-polling agents and controllers at once.
 */
public final class Signal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile long version;

    public long version() { return version; }

    public void fire() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until the version passes {@code seen} or the timeout ends; returns the current version. */
    public long await(long seen, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (version <= seen && left > 0) left = changed.awaitNanos(left);
            return version;
        } finally {
            lock.unlock();
        }
    }

}
