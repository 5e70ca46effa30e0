package io.dockyard.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.dockyard.core.port.StoreUnavailableException;
import io.dockyard.core.port.logs.EventSink;
import io.dockyard.core.port.logs.LogEvent;
import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.LogStore;
import io.dockyard.core.port.logs.LogStream;
import io.dockyard.core.port.logs.StoredEvent;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.dockyard.store.postgres.Sql.binary;
import static io.dockyard.store.postgres.Sql.exists;
import static io.dockyard.store.postgres.Sql.prepare;
import static io.dockyard.store.postgres.Sql.update;

/**
 * {@link LogStore} on PostgreSQL (tables {@code log_groups}, {@code log_streams}, {@code log_events} of
 * migration V5), shared by every control-plane replica on the database: an event put through one replica
 * is read through any other. An append is one transaction that moves the stream's {@code next_sequence}
 * (locking its row, so appends to one stream from any replica are numbered one after the other, none lost
 * or repeated) and inserts the batch in one statement; it is durable when it returns (the commit).
 * Reads and scans stream rows through a cursor ({@link #FETCH} at a time), never a whole result.
 * Retention deletes old events by (stream, time) in chunks of {@link #EXPIRE_CHUNK}, each a short
 * transaction, so appends to the stream wait for one chunk at most; it is idempotent, so replicas that
 * run it at once only repeat each other's work. A stream's stored bytes count each event's message
 * bytes plus 26 (AWS's accounting per event).
 */
public final class PostgresLogStore implements LogStore {
    static final int EVENT_OVERHEAD = 26;
    static final int FETCH = 1000;
    static final int EXPIRE_CHUNK = 10_000;
    private static final String STREAM_ID = "SELECT s.id FROM log_streams s JOIN log_groups g ON g.id = s.group_id WHERE g.name = ? AND s.name = ?";
    private static final String STREAM_COLUMNS = "s.name, s.creation_time, s.first_event, s.last_event, s.last_ingestion, s.stored_bytes, s.next_sequence";

    private final DatabaseUrl url;
    private final HikariDataSource pool;

    private PostgresLogStore(DatabaseUrl url, HikariDataSource pool) {
        this.url = url;
        this.pool = pool;
    }

    /** Opens the store on this database (its own small pool), migrating the schema when it is behind. */
    public static PostgresLogStore open(DatabaseUrl url) { return new PostgresLogStore(url, Pools.open(url, "dockyard-logs", 6)); }

    /** Work on one connection; {@code tx} runs it in a transaction (committed when it returns, rolled back when it throws). */
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T call(String what, boolean tx, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            if (!tx) return work.run(c);
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot " + what + " logs in the database " + url.redacted() + ": " + e.getMessage(), e);
        }
    }

    // ---- groups

    @Override
    public boolean createGroup(LogGroup group) {
        return call("write", false, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO log_groups (name, creation_time, retention_days, tag_keys, tag_values) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                s.setString(1, group.name());
                s.setLong(2, group.creationTime());
                setGroupMeta(c, s, 3, group);
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Sets retention and tags at {@code at}, {@code at + 1} and {@code at + 2}. */
    private static void setGroupMeta(Connection c, PreparedStatement s, int at, LogGroup group) throws SQLException {
        if (group.retentionInDays() == null) s.setNull(at, Types.INTEGER);
        else s.setInt(at, group.retentionInDays());
        s.setArray(at + 1, c.createArrayOf("text", group.tags().keySet().toArray(String[]::new)));
        s.setArray(at + 2, c.createArrayOf("text", group.tags().values().toArray(String[]::new)));
    }

    @Override
    public boolean deleteGroup(String name) {
        return call("delete", true, c -> {
            Long id = null;
            try (PreparedStatement s = prepare(c, "SELECT id FROM log_groups WHERE name = ? FOR UPDATE", name); ResultSet rs = s.executeQuery()) {
                if (rs.next()) id = rs.getLong(1);
            }
            if (id == null) return false;
            // the streams' row locks wait for appends in flight, and turn later ones away once the rows are gone
            List<Long> streams = new ArrayList<>();
            try (PreparedStatement s = prepare(c, "SELECT id FROM log_streams WHERE group_id = ? ORDER BY id FOR UPDATE", id);
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) streams.add(rs.getLong(1));
            }
            for (long stream : streams) update(c, "DELETE FROM log_events WHERE stream_id = ?", stream);
            update(c, "DELETE FROM log_groups WHERE id = ?", id); // its streams go with it (ON DELETE CASCADE)
            return true;
        });
    }

    @Override
    public Optional<LogGroup> group(String name) {
        List<LogGroup> found = queryGroups("WHERE name = ?", name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    @Override
    public List<LogGroup> groups(String prefix) {
        return prefix == null ? queryGroups("") : queryGroups("WHERE starts_with(name, ?)", prefix);
    }

    private List<LogGroup> queryGroups(String where, Object... params) {
        return call("read", false, c -> {
            List<LogGroup> out = new ArrayList<>();
            try (PreparedStatement s = prepare(c, "SELECT name, creation_time, retention_days, tag_keys, tag_values FROM log_groups "
                    + where + " ORDER BY name COLLATE \"C\"", params); ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(group(rs));
            }
            return out;
        });
    }

    private static LogGroup group(ResultSet rs) throws SQLException {
        int retention = rs.getInt(3);
        Integer days = rs.wasNull() ? null : retention;
        String[] keys = (String[]) rs.getArray(4).getArray();
        String[] values = (String[]) rs.getArray(5).getArray();
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) tags.put(keys[i], values[i]);
        return new LogGroup(rs.getString(1), rs.getLong(2), days, tags);
    }

    @Override
    public boolean updateGroup(String name, UnaryOperator<LogGroup> change) {
        return call("write", true, c -> {
            LogGroup current;
            try (PreparedStatement s = prepare(c, "SELECT name, creation_time, retention_days, tag_keys, tag_values FROM log_groups WHERE name = ? FOR UPDATE", name);
                 ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return false;
                current = group(rs);
            }
            LogGroup updated = change.apply(current);
            try (PreparedStatement s = c.prepareStatement("UPDATE log_groups SET retention_days = ?, tag_keys = ?, tag_values = ? WHERE name = ?")) {
                setGroupMeta(c, s, 1, updated);
                s.setString(4, name);
                s.executeUpdate();
            }
            return true;
        });
    }

    // ---- streams

    @Override
    public Outcome createStream(String group, String stream, long creationTime) {
        return call("write", false, c -> {
            try {
                int made = update(c, "INSERT INTO log_streams (group_id, name, creation_time) SELECT id, ?, ? FROM log_groups WHERE name = ? "
                        + "ON CONFLICT (group_id, name) DO NOTHING", stream, creationTime, group);
                if (made == 1) return Outcome.OK;
            } catch (SQLException e) {
                if ("23503".equals(e.getSQLState())) return Outcome.NO_GROUP; // the group was deleted meanwhile
                throw e;
            }
            return exists(c, "SELECT 1 FROM log_groups WHERE name = ?", group) ? Outcome.EXISTS : Outcome.NO_GROUP;
        });
    }

    @Override
    public Outcome deleteStream(String group, String stream) {
        return call("delete", true, c -> {
            Long id = null;
            try (PreparedStatement s = prepare(c, STREAM_ID + " FOR UPDATE OF s", group, stream); ResultSet rs = s.executeQuery()) {
                if (rs.next()) id = rs.getLong(1);
            }
            if (id == null) return exists(c, "SELECT 1 FROM log_groups WHERE name = ?", group) ? Outcome.NO_STREAM : Outcome.NO_GROUP;
            update(c, "DELETE FROM log_events WHERE stream_id = ?", id);
            update(c, "DELETE FROM log_streams WHERE id = ?", id);
            return Outcome.OK;
        });
    }

    @Override
    public Optional<List<LogStream>> streams(String group) {
        return call("read", false, c -> {
            // a group without streams is one row of NULLs; no row: no group
            try (PreparedStatement s = prepare(c, "SELECT " + STREAM_COLUMNS + " FROM log_groups g LEFT JOIN log_streams s ON s.group_id = g.id "
                    + "WHERE g.name = ? ORDER BY s.name COLLATE \"C\"", group); ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                List<LogStream> out = new ArrayList<>();
                do {
                    if (rs.getString(1) != null) out.add(stream(rs));
                } while (rs.next());
                return Optional.of(out);
            }
        });
    }

    @Override
    public Optional<LogStream> stream(String group, String stream) {
        return call("read", false, c -> {
            try (PreparedStatement s = prepare(c, "SELECT " + STREAM_COLUMNS + " FROM log_streams s JOIN log_groups g ON g.id = s.group_id "
                    + "WHERE g.name = ? AND s.name = ?", group, stream); ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(stream(rs)) : Optional.empty();
            }
        });
    }

    private static LogStream stream(ResultSet rs) throws SQLException {
        return new LogStream(rs.getString(1), rs.getLong(2), rs.getObject(3, Long.class), rs.getObject(4, Long.class),
                rs.getObject(5, Long.class), rs.getLong(6), rs.getLong(7));
    }

    // ---- events

    @Override
    public Outcome append(String group, String stream, List<LogEvent> events, long ingestionTime) {
        int n = events.size();
        Long[] times = new Long[n];
        byte[][] messages = new byte[n][];
        long bytes = 0, min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            LogEvent e = events.get(i);
            times[i] = e.timestamp();
            messages[i] = e.message().getBytes(StandardCharsets.UTF_8);
            bytes += messages[i].length + EVENT_OVERHEAD;
            min = Math.min(min, e.timestamp());
            max = Math.max(max, e.timestamp());
        }
        long stored = bytes, first = min, last = max;
        return call("append", true, c -> {
            long id, from;
            try (PreparedStatement s = n == 0 ? prepare(c, STREAM_ID + " FOR UPDATE OF s", group, stream) : prepare(c,
                    "UPDATE log_streams s SET next_sequence = s.next_sequence + ?, first_event = LEAST(s.first_event, ?), "
                            + "last_event = GREATEST(s.last_event, ?), last_ingestion = GREATEST(s.last_ingestion, ?), stored_bytes = s.stored_bytes + ? "
                            + "FROM log_groups g WHERE g.id = s.group_id AND g.name = ? AND s.name = ? RETURNING s.id, s.next_sequence",
                    (long) n, first, last, ingestionTime, stored, group, stream);
                 ResultSet rs = s.executeQuery()) {
                if (!rs.next()) return exists(c, "SELECT 1 FROM log_groups WHERE name = ?", group) ? Outcome.NO_STREAM : Outcome.NO_GROUP;
                if (n == 0) return Outcome.OK;
                id = rs.getLong(1);
                from = rs.getLong(2) - n;
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO log_events (stream_id, sequence, event_time, ingestion, message) "
                    + "SELECT ?, ? + u.o - 1, u.t, ?, u.m FROM unnest(?::bigint[], ?::bytea[]) WITH ORDINALITY AS u(t, m, o)")) {
                Array t = c.createArrayOf("bigint", times);
                Array m = c.createArrayOf("bytea", messages);
                s.setLong(1, id);
                s.setLong(2, from);
                s.setLong(3, ingestionTime);
                s.setArray(4, t);
                s.setArray(5, m);
                s.executeUpdate();
            }
            return Outcome.OK;
        });
    }

    @Override
    public List<StoredEvent> read(String group, String stream, long fromSequence, long toSequence, long startTime, long endTime,
                                  int limit, long maxBytes, boolean fromEnd) {
        if (limit <= 0) return List.of();
        return call("read", true, c -> { // a transaction: the cursor fetches FETCH rows at a time
            List<StoredEvent> out = new ArrayList<>();
            try (PreparedStatement s = prepare(c, "SELECT sequence, event_time, ingestion, message FROM log_events WHERE stream_id = (" + STREAM_ID + ") "
                    + "AND sequence >= ? AND sequence < ? AND event_time >= ? AND event_time < ? ORDER BY sequence " + (fromEnd ? "DESC" : "ASC") + " LIMIT ?",
                    group, stream, fromSequence, toSequence, startTime, endTime, limit)) {
                s.setFetchSize(Math.min(limit, FETCH));
                binary(s);
                long bytes = 0;
                try (ResultSet rs = s.executeQuery()) {
                    while (bytes < maxBytes && rs.next()) {
                        byte[] m = rs.getBytes(4);
                        bytes += m.length;
                        out.add(new StoredEvent(stream, rs.getLong(1), rs.getLong(2), rs.getLong(3), new String(m, StandardCharsets.UTF_8)));
                    }
                }
            }
            if (fromEnd) Collections.reverse(out);
            return out;
        });
    }

    @Override
    public void scan(String group, Collection<String> streams, long startTime, long endTime, EventSink sink) {
        call("read", true, c -> {
            String sql = "SELECT s.name, e.sequence, e.event_time, e.ingestion, e.message FROM log_events e "
                    + "JOIN log_streams s ON s.id = e.stream_id JOIN log_groups g ON g.id = s.group_id WHERE g.name = ? "
                    + (streams == null ? "" : "AND s.name = ANY(?) ") + "AND e.event_time >= ? AND e.event_time < ? ORDER BY e.stream_id, e.sequence";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int at = 1;
                s.setString(at++, group);
                if (streams != null) s.setArray(at++, c.createArrayOf("text", streams.toArray(String[]::new)));
                s.setLong(at++, startTime);
                s.setLong(at, endTime);
                s.setFetchSize(FETCH);
                binary(s);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byte[] m = rs.getBytes(5);
                        sink.accept(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), m, m.length);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public long expire(String group, long cutoff) {
        List<Long> streams = call("read", false, c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement s = prepare(c, "SELECT s.id FROM log_streams s JOIN log_groups g ON g.id = s.group_id WHERE g.name = ? "
                    + "AND s.first_event < ?", group, cutoff); ResultSet rs = s.executeQuery()) {
                while (rs.next()) ids.add(rs.getLong(1));
            }
            return ids;
        });
        long freed = 0;
        for (long id : streams) {
            long[] chunk;
            do {
                chunk = call("expire", true, c -> expireChunk(c, id, cutoff));
                freed += chunk[1];
            } while (chunk[0] == EXPIRE_CHUNK);
        }
        return freed;
    }

    /** Deletes up to {@link #EXPIRE_CHUNK} events of the stream older than {@code cutoff} under its row lock: {count, bytes}. */
    private static long[] expireChunk(Connection c, long stream, long cutoff) throws SQLException {
        if (!exists(c, "SELECT 1 FROM log_streams WHERE id = ? FOR UPDATE", stream)) return new long[] {0, 0};
        long count, bytes;
        try (PreparedStatement s = prepare(c, "WITH d AS (DELETE FROM log_events WHERE stream_id = ? AND sequence IN "
                + "(SELECT sequence FROM log_events WHERE stream_id = ? AND event_time < ? LIMIT ?) RETURNING octet_length(message) AS n) "
                + "SELECT count(*), coalesce(sum(n), 0) FROM d", stream, stream, cutoff, EXPIRE_CHUNK); ResultSet rs = s.executeQuery()) {
            rs.next();
            count = rs.getLong(1);
            bytes = rs.getLong(2) + count * EVENT_OVERHEAD;
        }
        if (count > 0) {
            // what is left decides the first and last event times (none left: no times, as on a stream never written)
            update(c, "UPDATE log_streams s SET stored_bytes = GREATEST(s.stored_bytes - ?, 0), first_event = r.lo, last_event = r.hi, "
                    + "last_ingestion = CASE WHEN r.lo IS NULL THEN NULL ELSE s.last_ingestion END "
                    + "FROM (SELECT min(event_time) AS lo, max(event_time) AS hi FROM log_events WHERE stream_id = ?) r WHERE s.id = ?",
                    bytes, stream, stream);
        }
        return new long[] {count, bytes};
    }

    @Override
    public void clear() {
        call("clear", false, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE log_events, log_streams, log_groups");
            }
            return null;
        });
    }

    @Override
    public void close() { pool.close(); }
}
