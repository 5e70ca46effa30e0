package io.dockyard.sqs;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.MetricSink;
import io.dockyard.core.port.QueueSender;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.QueryService;
import io.dockyard.sqs.api.SqsApi;
import io.dockyard.sqs.queue.Queue;
import io.dockyard.sqs.queue.Queues;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Amazon SQS: queues kept under {@code <data-dir>/sqs} (a group-committed journal; {@value #FSYNC_ENV}=false skips the
 * fsync) or, in a fleet, on a {@link io.dockyard.core.port.queues.QueueStore} every replica shares, served on the JSON and
 * Query protocols; every {@code statsInterval} the queues' AWS/SQS metrics go to
 * CloudWatch, and expired deduplication ids and old journal records are dropped.
 */
public final class Sqs implements AutoCloseable {
    public static final String FSYNC_ENV = "DOCKYARD_SQS_FSYNC";
    public static final String NAMESPACE = "AWS/SQS";

    private final Queues queues;
    private final SqsApi api;
    /** Whether this process publishes the queues' depths (in a fleet only the leader does; every replica its counts). */
    private final java.util.function.BooleanSupplier publishesDepths;

    private Sqs(Queues queues, java.util.function.BooleanSupplier publishesDepths) {
        this.queues = queues;
        this.api = new SqsApi(queues);
        this.publishesDepths = publishesDepths;
    }

    /** Opens the queues and starts their upkeep (metrics to {@code sink} every {@code statsInterval}). */
    public static Sqs start(Path dataDir, Clock clock, Supervisor supervisor, String region, String account, java.util.function.Supplier<String> urlBase, boolean fsync,
                            MetricSink sink, Duration statsInterval) {
        return upkeep(new Sqs(Queues.open(dataDir.resolve("sqs"), clock, region, account, urlBase, fsync), () -> true), clock, supervisor, sink, statsInterval);
    }

    /**
     * The queues on {@code store}, shared by every replica of a fleet (any replica serves any queue; a message is handed to
     * one receiver at a time across them); upkeep as {@link #start(Path, Clock, Supervisor, String, String, java.util.function.Supplier, boolean, MetricSink, Duration)},
     * except that the queues' depths are published only while {@code leading} (each replica publishes its own counts).
     */
    public static Sqs start(io.dockyard.core.port.queues.QueueStore store, Clock clock, Supervisor supervisor, String region, String account,
                            java.util.function.Supplier<String> urlBase, MetricSink sink, Duration statsInterval, java.util.function.BooleanSupplier leading) {
        return upkeep(new Sqs(new io.dockyard.sqs.queue.SharedQueues(store, clock, region, account, urlBase), leading), clock, supervisor, sink, statsInterval);
    }

    private static Sqs upkeep(Sqs sqs, Clock clock, Supervisor supervisor, MetricSink sink, Duration statsInterval) {
        supervisor.every("sqs-upkeep", statsInterval, () -> {
            sqs.queues.maintain();
            sqs.publish(sink, clock.instant());
        });
        return sqs;
    }

    /** AWS/SQS by QueueName: the depths now and the counts since the last round. */
    void publish(MetricSink sink, Instant now) {
        boolean depths = publishesDepths.getAsBoolean();
        for (Queues.Figures f : queues.figures()) {
            Map<String, String> d = Map.of("QueueName", f.queue());
            if (depths) {
                sink.put(NAMESPACE, "ApproximateNumberOfMessagesVisible", d, now, f.visible(), "Count");
                sink.put(NAMESPACE, "ApproximateNumberOfMessagesNotVisible", d, now, f.inFlight(), "Count");
                sink.put(NAMESPACE, "ApproximateNumberOfMessagesDelayed", d, now, f.delayed(), "Count");
                sink.put(NAMESPACE, "ApproximateAgeOfOldestMessage", d, now, f.oldestAgeSeconds(), "Seconds");
            }
            sink.put(NAMESPACE, "NumberOfMessagesSent", d, now, f.sent(), "Count");
            sink.put(NAMESPACE, "NumberOfMessagesReceived", d, now, f.received(), "Count");
            sink.put(NAMESPACE, "NumberOfMessagesDeleted", d, now, f.deleted(), "Count");
            sink.put(NAMESPACE, "NumberOfEmptyReceives", d, now, f.emptyReceives(), "Count");
        }
    }

    public JsonService jsonService() { return api.json(); }

    public QueryService queryService() { return api.query(); }

    public Queues queues() { return queues; }

    /** Sends for other services (EventBridge targets and dead-letter queues), as the service {@code events.amazonaws.com}. */
    public QueueSender sender() {
        return (arn, body, groupId, deduplicationId) -> {
            Queue q = queues.byArn(arn);
            if (q == null) throw new QueueSender.Failed("The queue " + arn + " does not exist.");
            try {
                queues.send(q, new Queues.Send(body, null, Map.of(), Map.of(), q.fifo ? (groupId == null ? "default" : groupId) : null,
                        q.fifo ? deduplicationId : null, "events.amazonaws.com"));
            } catch (io.dockyard.core.AwsException e) {
                throw new QueueSender.Failed(e.getMessage());
            }
        };
    }

    /** Deletes every queue (the dev reset). */
    public void reset() { queues.reset(); }

    @Override
    public void close() { queues.close(); }
}
