package io.dockyard.logs;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.logs.api.FilterLogEvents;
import io.dockyard.logs.api.GetLogEvents;
import io.dockyard.logs.api.GroupOperations;
import io.dockyard.logs.api.LogsApi;
import io.dockyard.logs.api.PutLogEvents;
import io.dockyard.logs.api.QueryOperations;
import io.dockyard.logs.api.StreamOperations;
import io.dockyard.logs.api.TagOperations;
import io.dockyard.logs.store.FileLogStore;
import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.LogStore;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch Logs assembled: the JSON 1.1 service ({@code Logs_20140328}, signing name {@code logs})
 * over a {@link LogStore} (files under {@code <data-dir>/logs}, or PostgreSQL in a fleet), and the retention loop ({@code logs-retention})
 * that deletes the events older than each group's retention every {@code retentionPeriod}.
 */
public final class Logs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Logs.class);
    public static final String TARGET_PREFIX = "Logs_20140328";
    /** The environment variable setting the retention loop's period in seconds (default 60). */
    /**
     * The edge's body cap for this service: a PutLogEvents of 1 MiB of events (AWS's limit) is larger
     * as JSON (member names, escapes; a control character takes six bytes).
     */
    public static final long MAX_BODY = 8L << 20;
    /** The environment variable that turns the fsync per PutLogEvents off ({@code false}; default on). */
    public static final String FSYNC_ENV = "DOCKYARD_LOGS_FSYNC";
    public static final String RETENTION_PERIOD_ENV = "DOCKYARD_LOGS_RETENTION_SECONDS";

    private final LogStore store;
    private final Clock clock;
    private final JsonService service;

    private Logs(LogStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        LogsApi api = new LogsApi(store, clock);
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new GroupOperations(api).all());
        ops.addAll(new StreamOperations(api).all());
        ops.add(new PutLogEvents(api));
        ops.add(new GetLogEvents(api));
        ops.add(new FilterLogEvents(api));
        ops.addAll(new TagOperations(api).all());
        ops.addAll(new QueryOperations(api).all());
        this.service = JsonService.of(TARGET_PREFIX, "logs", ops);
    }

    /** Opens the store under {@code dataDir/logs} and starts the retention loop under {@code supervisor}. */
    public static Logs start(Path dataDir, Clock clock, Supervisor supervisor, Duration retentionPeriod) {
        return start(dataDir, clock, supervisor, retentionPeriod, true);
    }

    /** As {@link #start(Path, Clock, Supervisor, Duration)}; {@code fsync} false ({@link #FSYNC_ENV}) leaves appends in the page cache. */
    public static Logs start(Path dataDir, Clock clock, Supervisor supervisor, Duration retentionPeriod, boolean fsync) {
        return start(FileLogStore.open(dataDir.resolve("logs"), FileLogStore.DEFAULT_SEGMENT_BYTES, fsync), clock, supervisor, retentionPeriod);
    }

    /**
     * Over {@code store} (in a fleet the PostgreSQL one every replica shares), with the retention loop under
     * {@code retention}: in a fleet the leader's supervisor, so one replica expires the shared events.
     */
    public static Logs start(LogStore store, Clock clock, Supervisor retention, Duration retentionPeriod) {
        Logs logs = new Logs(store, clock);
        retention.every("logs-retention", retentionPeriod, logs::expire);
        return logs;
    }

    /** The retention period from {@link #RETENTION_PERIOD_ENV}, else 60 s. */
    public static Duration retentionPeriod(java.util.Map<String, String> env) {
        String v = env.get(RETENTION_PERIOD_ENV);
        return v == null || v.isBlank() ? Duration.ofSeconds(60) : Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
    }

    /** One retention round: every group with a retention loses the events older than it. */
    public void expire() {
        long now = clock.millis();
        for (LogGroup g : store.groups(null)) {
            if (g.retentionInDays() == null) continue;
            long freed = store.expire(g.name(), now - g.retentionInDays() * 86_400_000L);
            if (freed > 0) log.debug("expired logGroup={} bytes={}", g.name(), freed);
        }
    }

    public JsonService service() { return service; }

    /** Writes for other services (EventBridge's log targets): the stream is created when missing; the group must exist. */
    public io.dockyard.core.port.LogWriter writer() {
        return (group, stream, at, message) -> {
            LogStore.Outcome made = store.createStream(group, stream, clock.millis());
            if (made == LogStore.Outcome.NO_GROUP) throw new io.dockyard.core.port.LogWriter.Failed("The log group " + group + " does not exist.");
            LogStore.Outcome out = store.append(group, stream, java.util.List.of(new io.dockyard.core.port.logs.LogEvent(at.toEpochMilli(), message)), clock.millis());
            if (out != LogStore.Outcome.OK) throw new io.dockyard.core.port.LogWriter.Failed("The log group " + group + " does not exist.");
        };
    }

    /** Deletes every group (the dev reset). */
    public void reset() { store.clear(); }

    @Override
    public void close() { store.close(); }
}
