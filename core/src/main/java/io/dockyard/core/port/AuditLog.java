package io.dockyard.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where secure mode records every authenticated call (CloudTrail's management events), and where LookupEvents reads them:
 * a file per day on one replica (the embedded trail), or a table every replica of a fleet shares (PostgreSQL). Events are
 * kept {@link #RETENTION} (CloudTrail's event history keeps 90 days).
 */
public interface AuditLog extends AutoCloseable {
    /** How long events are kept. */
    Duration RETENTION = Duration.ofDays(90);

    /**
     * One call: when, the service's event source ({@code ecs.amazonaws.com}) and operation, who (access key, principal ARN,
     * type {@code Root}/{@code IAMUser}/{@code AssumedRole}/{@code AWSService}, user name), from where, the resources it
     * named (ARNs), and the error when it was refused (null when allowed).
     */
    record Event(String eventId, Instant time, String eventSource, String eventName, String region, String sourceIp, String requestId,
                 String accessKeyId, String principalArn, String principalType, String userName, String account, List<String> resources,
                 String errorCode, String errorMessage) {}

    /** Records the event; it may be written a moment later (off the request's path), but a lookup here sees it at once. */
    void record(Event event);

    /**
     * The events kept with a time in {@code [from, to]} (null: unbounded) that pass {@code filter}, newest first (events of
     * the same instant in the reverse order they were recorded), at most {@code max}.
     */
    default List<Event> newestFirst(Instant from, Instant to, Predicate<Event> filter, int max) { return List.of(); }

    /** Writes what was recorded and forgets the events past {@link #RETENTION}; called every second. */
    default void maintain() {}

    @Override
    default void close() {}

    AuditLog NONE = e -> {};
}
