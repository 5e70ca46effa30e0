package io.dockyard.store.postgres;

import io.dockyard.core.port.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The audit log on PostgreSQL, shared by every control-plane replica: each replica's events go to {@code audit_events}
 * (V7), and LookupEvents on any replica reads them all. Recording is off the request's path: events are queued in memory
 * and written in one batch per {@link #maintain} (every second), and before a lookup on this replica (which sees its own
 * events at once); a database that cannot be reached keeps them queued (up to {@value #QUEUE_CAP}, then the oldest are
 * dropped with a warning). Lookups read newest first on the time index in pages of {@value #FETCH} rows, filtering as
 * they go. Rows past {@link AuditLog#RETENTION} are deleted once an hour by whichever replica comes first.
 */
public final class PostgresAuditLog extends PooledStore implements AuditLog {
    private static final Logger log = LoggerFactory.getLogger(PostgresAuditLog.class);
    static final int QUEUE_CAP = 100_000, FETCH = 500;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private static final String COLUMNS = "event_id, event_time, event_source, event_name, region, source_ip, request_id, access_key_id, principal_arn, "
            + "principal_type, user_name, account, resources, error_code, error_message";

    private final Object queueLock = new Object();
    private List<Event> queue = new ArrayList<>();
    private final Object writeLock = new Object();
    private Instant nextPurge;

    public PostgresAuditLog(DatabaseUrl url, Clock clock) { super(url, clock, "audit log", 2); }

    @Override
    public void record(Event event) {
        synchronized (queueLock) {
            if (queue.size() >= QUEUE_CAP) {
                queue.removeFirst();
                log.warn("audit log queue full ({} events not yet written to {}): the oldest dropped", QUEUE_CAP, url.redacted());
            }
            queue.add(event);
        }
    }

    /** Writes the queued events in one transaction, in the order recorded; on failure they stay queued for the next round. */
    private void flush() {
        synchronized (writeLock) {
            List<Event> batch;
            synchronized (queueLock) {
                if (queue.isEmpty()) return;
                batch = queue;
                queue = new ArrayList<>();
            }
            try {
                transaction(c -> {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_events (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                        for (Event e : batch) {
                            bind(c, s, e);
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                    return true;
                });
            } catch (RuntimeException e) {
                synchronized (queueLock) {
                    batch.addAll(queue);
                    queue = batch;
                }
                throw e;
            }
        }
    }

    private static void bind(Connection c, PreparedStatement s, Event e) throws SQLException {
        s.setString(1, e.eventId());
        s.setObject(2, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
        s.setString(3, e.eventSource());
        s.setString(4, e.eventName());
        s.setString(5, e.region());
        s.setString(6, e.sourceIp());
        s.setString(7, e.requestId());
        s.setString(8, e.accessKeyId());
        s.setString(9, e.principalArn());
        s.setString(10, e.principalType());
        s.setString(11, e.userName());
        s.setString(12, e.account());
        s.setArray(13, c.createArrayOf("text", (e.resources() == null ? List.<String>of() : e.resources()).toArray()));
        s.setString(14, e.errorCode());
        s.setString(15, e.errorMessage());
    }

    @Override
    public List<Event> newestFirst(Instant from, Instant to, Predicate<Event> filter, int max) {
        flush();
        List<Event> out = new ArrayList<>();
        if (max <= 0) return out;
        String sql = "SELECT " + COLUMNS + " FROM audit_events WHERE event_time >= ? AND event_time <= ? ORDER BY event_time DESC, seq DESC";
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false); // a cursor: rows come FETCH at a time, and reading stops once max match
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setFetchSize(FETCH);
                s.setObject(1, OffsetDateTime.ofInstant(from == null ? Instant.EPOCH : from, ZoneOffset.UTC));
                s.setObject(2, OffsetDateTime.ofInstant(to == null ? Instant.parse("9999-12-31T00:00:00Z") : to, ZoneOffset.UTC));
                try (ResultSet rs = s.executeQuery()) {
                    while (out.size() < max && rs.next()) {
                        Event e = event(rs);
                        if (filter.test(e)) out.add(e);
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
        return out;
    }

    private static Event event(ResultSet rs) throws SQLException {
        Array resources = rs.getArray(13);
        List<String> names = resources == null ? List.of() : Arrays.stream((Object[]) resources.getArray()).map(String::valueOf).toList();
        return new Event(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), names,
                rs.getString(14), rs.getString(15));
    }

    /** Writes the queue, and once an hour deletes the events past retention. */
    @Override
    public void maintain() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("audit events not written yet: {}", e.getMessage());
            return;
        }
        Instant now = clock.instant();
        if (nextPurge != null && now.isBefore(nextPurge)) return;
        nextPurge = now.plus(PURGE_EVERY);
        transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM audit_events WHERE event_time < ?")) {
                s.setObject(1, OffsetDateTime.ofInstant(now.minus(RETENTION), ZoneOffset.UTC));
                int n = s.executeUpdate();
                if (n > 0) log.debug("audit retention deleted {} events", n);
            }
            return true;
        });
    }

    @Override
    public void close() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("audit events lost at close: {}", e.getMessage());
        }
        super.close();
    }
}
