package io.dockyard.core.port;

/** Sends a message to an SQS queue named by its ARN (EventBridge targets and dead-letter queues). */
public interface QueueSender {
    /** Thrown when the message cannot be sent (no such queue, refused message); the message says why. */
    final class Failed extends RuntimeException {
        public Failed(String message) { super(message); }
    }

    /** Sends {@code body} (with a FIFO queue's {@code groupId} and {@code deduplicationId}; null for standard queues). */
    void send(String queueArn, String body, String groupId, String deduplicationId);
}
