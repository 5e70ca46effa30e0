package io.dockyard.sqs.queue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One queue: its settings and its messages in the order they were sent, guarded by its own lock; {@link #changed}
 * wakes long polls when a message may have become receivable. {@code version} counts the changes that can, so a long
 * poll that found nothing waits only if nothing happened since it looked.
 */
public final class Queue {
    /** A deduplication id seen in the last five minutes (FIFO): the message it admitted. */
    record Dedup(String messageId, String sequenceNumber, long until) {}

    public final String name;
    public final String arn;
    public final boolean fifo;
    public final long createdAt;
    volatile Map<String, String> attributes;
    volatile Map<String, String> tags;
    volatile long lastModified;
    final LinkedHashMap<String, Message> messages = new LinkedHashMap<>();
    final Map<String, Dedup> dedup = new HashMap<>();
    long sequence;
    long purgedAt;
    long version;
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();
    final AtomicLong emptyReceives = new AtomicLong();
    volatile boolean gone;

    Queue(String name, String arn, boolean fifo, long createdAt, Map<String, String> attributes, Map<String, String> tags) {
        this.name = name;
        this.arn = arn;
        this.fifo = fifo;
        this.createdAt = createdAt;
        this.attributes = Map.copyOf(attributes);
        this.tags = new LinkedHashMap<>(tags);
        this.lastModified = createdAt;
    }

    /** A settable attribute's value, else its default. */
    String attribute(String name) {
        String v = attributes.get(name);
        return v != null ? v : QueueAttributes.DEFAULTS.get(name);
    }

    int intAttribute(String name) { return Integer.parseInt(attribute(name).trim()); }

    boolean contentBasedDeduplication() { return fifo && "true".equalsIgnoreCase(attributes.get("ContentBasedDeduplication")); }

    QueueAttributes.Redrive redrive() { return QueueAttributes.redrive(attributes.get("RedrivePolicy")); }

    public Map<String, String> tags() { return Map.copyOf(tags); }

    /** Visible, in flight, delayed — counted at {@code now}. */
    record Depth(long visible, long inFlight, long delayed, long oldestSentAt) {}

    Depth depth(long now) {
        lock.lock();
        try {
            long visible = 0, inFlight = 0, delayed = 0, oldest = 0;
            for (Message m : messages.values()) {
                if (m.visibleAt <= now) visible++;
                else if (m.receiveCount > 0) inFlight++;
                else delayed++;
                if (oldest == 0 || m.sentAt < oldest) oldest = m.sentAt;
            }
            return new Depth(visible, inFlight, delayed, oldest);
        } finally {
            lock.unlock();
        }
    }

    /** The earliest time after {@code now} a message becomes visible (Long.MAX_VALUE: none). Caller holds the lock. */
    long nextVisible(long now) {
        long next = Long.MAX_VALUE;
        for (Message m : messages.values()) if (m.visibleAt > now && m.visibleAt < next) next = m.visibleAt;
        return next;
    }
}
