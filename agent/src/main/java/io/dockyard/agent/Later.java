package io.dockyard.agent;

import io.dockyard.core.loop.Supervisor;

import java.time.Duration;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * The agent's delayed one-shot jobs (removing a stopped task's containers after the retention),
 * run in due order by the supervised loop {@code agent-cleanup}. A job that throws is logged by the
 * supervisor; the loop then goes on with the others.
 */
final class Later implements AutoCloseable {
    private final DelayQueue<Job> queue = new DelayQueue<>();
    private final Supervisor.Loop loop;

    Later(Supervisor supervisor) { this.loop = supervisor.start("agent-cleanup", this::run); }

    /** Runs {@code job} once {@code delay} has passed. */
    void schedule(Duration delay, Runnable job) { queue.add(new Job(System.nanoTime() + delay.toNanos(), job)); }

    private void run() throws InterruptedException {
        while (true) queue.take().job.run();
    }

    /** Stops running jobs; the ones not yet due are dropped (a restarted agent re-adopts their containers). */
    @Override
    public void close() { loop.stop(); }

    private record Job(long dueNanos, Runnable job) implements Delayed {
        @Override public long getDelay(TimeUnit unit) { return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS); }
        @Override public int compareTo(Delayed o) { return Long.compare(dueNanos, ((Job) o).dueNanos); }
    }
}
