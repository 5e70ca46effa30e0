package io.dockyard.agent;

import io.dockyard.core.agent.TaskReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends task reports to the control plane without holding up the task: one ordered queue per task,
 * drained by a virtual thread, retried while the control plane is unreachable. Reports are full
 * snapshots, so one still waiting when a newer one comes is replaced by it. A report the control
 * plane refuses (4xx: unknown task or instance) is dropped.
 */
final class Reporter {
    private static final Logger log = LoggerFactory.getLogger(Reporter.class);

    private final ControlPlane controlPlane;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Reporter(ControlPlane controlPlane) { this.controlPlane = controlPlane; }

    /** Queues a report; reports of one task are sent in order. */
    void send(TaskReport r) {
        if (closed) return;
        Queue q = queues.computeIfAbsent(r.taskArn(), k -> new Queue());
        boolean start;
        synchronized (q) {
            q.pending.clear();
            q.pending.add(r);
            start = !q.draining;
            q.draining = true;
        }
        if (start) Thread.ofVirtual().name("report-" + r.taskArn().substring(r.taskArn().lastIndexOf('/') + 1)).start(() -> drain(r.taskArn(), q));
    }

    /** Forgets the queue of a task that is done (after its last report was sent). */
    void forget(String taskArn) {
        Queue q = queues.get(taskArn);
        if (q == null) return;
        synchronized (q) {
            if (!q.draining) queues.remove(taskArn, q);
        }
    }

    void close() { closed = true; }

    private void drain(String taskArn, Queue q) {
        while (true) {
            TaskReport next;
            synchronized (q) {
                next = q.pending.poll();
                if (next == null) {
                    q.draining = false;
                    return;
                }
            }
            deliver(next);
        }
    }

    private void deliver(TaskReport r) {
        long backoff = 50;
        while (!closed) {
            try {
                long t0 = System.nanoTime();
                controlPlane.report(r);
                if (log.isDebugEnabled()) log.debug("reported task={} status={} in {}ms", r.taskArn(), r.lastStatus(), (System.nanoTime() - t0) / 1_000_000);
                return;
            } catch (ControlPlane.HttpError e) {
                if (e.status / 100 == 4) {
                    log.debug("report refused task={} status={}: {}", r.taskArn(), r.lastStatus(), e.getMessage());
                    return;
                }
                log.debug("report failed task={}: {}", r.taskArn(), e.getMessage());
            } catch (IOException e) {
                log.debug("report failed task={}: {}", r.taskArn(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, 2000);
        }
    }

    private static final class Queue {
        final ArrayDeque<TaskReport> pending = new ArrayDeque<>();
        boolean draining;
    }
}
