package io.dockyard.core.port.queues;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * SQS queues and their messages kept where every replica of a fleet reaches them (PostgreSQL): the queue service keeps
 * the SQS semantics (validation, digests, attributes) and asks the store for the steps that must be atomic across
 * replicas — admitting a message (FIFO sequence and deduplication), claiming visible messages (each handed to one
 * receiver at a time), moving them to a dead-letter queue, deleting and hiding them by receipt. Times are epoch ms.
 */
public interface QueueStore extends AutoCloseable {
    /** A queue's settings. */
    record QueueRow(String name, String arn, boolean fifo, long createdAt, long lastModified, Map<String, String> attributes, Map<String, String> tags) {}

    /**
     * A message and its delivery state. {@code attributes} and {@code systemAttributes} are the service's own encoding
     * (opaque to the store); {@code nonce} names the current receipt.
     */
    record StoredMessage(String id, String body, String attributes, String systemAttributes, long sentAt, String groupId, String deduplicationId,
                         String sequenceNumber, String senderId, long visibleAt, int receiveCount, long firstReceiveAt, String nonce) {}

    /** Visible, in flight, delayed — counted at one instant — and the oldest message's send time (0: none). */
    record Depth(long visible, long inFlight, long delayed, long oldestSentAt) {}

    /** What a send admitted: the new message's id and sequence number, or, for a duplicate, the earlier message's. */
    record Admitted(String messageId, String sequenceNumber, boolean duplicate) {}

    /**
     * A receive: up to {@code max} visible messages at {@code now}, hidden until {@code now + visibilityMs}; messages sent
     * {@code retentionMs} ago or more are dropped; with a {@code deadLetterQueue}, visible messages already received
     * {@code maxReceiveCount} times move there instead; a FIFO queue hands out no message whose group has one in flight
     * before it.
     */
    record Claim(int max, long now, long visibilityMs, long retentionMs, boolean fifo, String deadLetterQueue, int maxReceiveCount) {}

    Optional<QueueRow> queue(String name);

    /** Every queue, by name. */
    List<QueueRow> queues();

    /**
     * Creates {@code q} unless a queue of that name exists; answers the stored one (the existing or the new), or empty when a
     * queue of that name was deleted less than {@code recentMs} before {@code q.createdAt()}.
     */
    Optional<QueueRow> create(QueueRow q, long recentMs);

    /** Replaces a queue's attributes, tags and last-modified time; false when it is gone. */
    boolean update(QueueRow q);

    /** Deletes the queue and its messages, remembering when. */
    void delete(String name, long now);

    /** Drops every message of the queue; false (nothing done) when it was purged less than {@code minIntervalMs} ago. */
    boolean purge(String name, long now, long minIntervalMs);

    /**
     * Admits {@code m} (its sequence number assigned here when {@code fifo}); with a {@code dedupKey} seen since
     * {@code now - dedupWindowMs} answers the earlier message instead. Empty when the queue is gone. Durable on return.
     */
    Optional<Admitted> send(String queue, StoredMessage m, boolean fifo, String dedupKey, long now, long dedupWindowMs);

    /** Claims messages as {@link Claim} says; answers them with their new delivery state, in the order they were sent. */
    List<StoredMessage> receive(String queue, Claim claim);

    /** Deletes a message; false when there was none. */
    boolean delete(String queue, String messageId);

    /** Moves the visibility of a message in flight under receipt {@code nonce} to {@code visibleAt}; false when it is not. */
    boolean changeVisibility(String queue, String messageId, String nonce, long now, long visibleAt);

    Depth depth(String queue, long now);

    /** The earliest time after {@code now} a message of the queue becomes visible; Long.MAX_VALUE when none. */
    long nextVisible(String queue, long now);

    /** Forgets deduplication ids and deleted-queue marks older than {@code before}. */
    void expire(long before);

    /** Calls {@code listener} with a queue's name when a message may have become receivable there (on any replica). */
    void onChange(Consumer<String> listener);

    /** Runs {@code work} (the changes of one batch request) so that they are durable together when it returns. */
    default <T> T batch(java.util.function.Supplier<T> work) { return work.get(); }

    /** Deletes every queue (the dev reset). */
    void clear();

    @Override
    void close();
}
