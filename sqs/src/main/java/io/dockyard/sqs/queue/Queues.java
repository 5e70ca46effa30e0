package io.dockyard.sqs.queue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The queues and their messages as the SQS API uses them: {@link JournalQueues} in memory with a journal under the data
 * directory (one server), {@link SharedQueues} on a {@link io.dockyard.core.port.queues.QueueStore} every replica of a
 * fleet shares. Both keep SQS's semantics; {@code QueuesContract} checks them alike.
 */
public interface Queues extends AutoCloseable {
    long DEDUP_WINDOW_MS = 5 * 60_000;
    long RECENT_MS = 60_000;

    /** What SendMessage carries, checked at the edge for its shape; the queue checks the rest. */
    record Send(String body, Integer delaySeconds, Map<String, Message.Attribute> attributes, Map<String, Message.Attribute> systemAttributes,
                String groupId, String deduplicationId, String senderId) {}

    record Sent(String messageId, String md5OfBody, String md5OfAttributes, String md5OfSystemAttributes, String sequenceNumber) {}

    /** A received message and the receipt handle of this receive. */
    record Received(Message message, String receiptHandle) {}

    /** A queue's figures for AWS/SQS: its depth now and the counts since the last call. */
    record Figures(String queue, long visible, long inFlight, long delayed, long oldestAgeSeconds, long sent, long received, long deleted,
                   long emptyReceives) {}

    /** The queues kept under {@code dir} (replayed from its journal); queue URLs start with {@code urlBase}. */
    static Queues open(Path dir, Clock clock, String region, String account, Supplier<String> urlBase, boolean fsync) {
        return JournalQueues.open(dir, clock, region, account, urlBase, fsync);
    }

    String url(Queue q);

    /** CreateQueue: the queue; an existing queue with the same attributes is answered as is. */
    Queue create(String name, Map<String, String> attributes, Map<String, String> tags);

    /** The queue of an ARN, or null. */
    Queue byArn(String arn);

    /** The queue a QueueUrl (or a bare name) names; QueueDoesNotExist when there is none. */
    Queue queue(String urlOrName);

    /** GetQueueUrl. */
    Queue byName(String name);

    List<Queue> list(String prefix);

    void delete(Queue q);

    void setAttributes(Queue q, Map<String, String> attributes);

    /** GetQueueAttributes: {@code names} (All for every one); InvalidAttributeName for an unknown name. */
    Map<String, String> attributes(Queue q, List<String> names);

    void tag(Queue q, Map<String, String> tags);

    void untag(Queue q, List<String> keys);

    /** The queues whose RedrivePolicy names {@code dlq}. */
    List<Queue> deadLetterSources(Queue dlq);

    void purge(Queue q);

    Sent send(Queue q, Send s);

    /**
     * ReceiveMessage: up to {@code max} messages, hidden for {@code visibility} seconds (the queue's default when null),
     * waiting up to {@code waitSeconds} (the queue's ReceiveMessageWaitTimeSeconds when null) for one to arrive. Messages
     * received maxReceiveCount times move to the dead-letter queue instead.
     */
    List<Received> receive(Queue q, int max, Integer visibility, Integer waitSeconds) throws InterruptedException;

    /** DeleteMessage: the message the handle was given for is gone (a message already deleted is no error). */
    void deleteMessage(Queue q, String receiptHandle);

    /** ChangeMessageVisibility of a message in flight under this handle. */
    void changeVisibility(Queue q, String receiptHandle, int seconds);

    List<Figures> figures();

    /** Drops expired deduplication ids and deleted-queue marks (and, for the journal, compacts it). */
    void maintain();

    /** Deletes every queue (the dev reset). */
    void reset();

    /** Runs the changes of one batch request: every change it made is durable when this returns. */
    <T> T batch(Supplier<T> work);

    @Override
    void close();
}
