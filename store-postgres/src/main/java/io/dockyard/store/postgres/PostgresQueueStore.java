package io.dockyard.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.core.port.queues.QueueStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;


/**
 * {@link QueueStore} on PostgreSQL (tables {@code sqs_queues}, {@code sqs_messages}, {@code sqs_dedup}, {@code sqs_deleted} of
 * migration V8), shared by every replica. A receive is one transaction: it drops expired messages, moves the ones past
 * maxReceiveCount to the dead-letter queue, then claims up to n visible messages with {@code SELECT ... FOR UPDATE SKIP LOCKED}
 * and hides them (new visibility, count and receipt nonce) before it commits, so two replicas never hand out one message
 * while it is invisible. FIFO receives lock the queue's row first (one at a time per queue, so a group's order holds).
 * Sends and visibility changes {@code pg_notify} channel {@value #CHANNEL} with the queue's name (on commit), which
 * {@link NotifyListener} turns into wake-ups of long polls on every replica.
 */
public final class PostgresQueueStore extends PooledStore implements QueueStore {
    static final String CHANNEL = "dockyard_sqs";
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder() // buffers shared (at most 16 sets kept), not kept per (virtual) thread
            .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.newBoundedPool(16)).build());
    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() {};
    private static final String MESSAGE_COLUMNS = "id, body, attributes, sys_attributes, sent_at, group_id, dedup_id, sequence_number, sender_id, "
            + "visible_at, receive_count, first_receive_at, nonce, ord";

    private final NotifyListener listener;
    /** The connection of the batch this thread runs, if any ({@link #batch}). */
    private final ThreadLocal<Connection> batch = new ThreadLocal<>();

    public PostgresQueueStore(DatabaseUrl url, Clock clock) {
        super(url, clock, "queues", 10);
        this.listener = new NotifyListener(url, CHANNEL, "sqs-listen");
    }

    @Override
    public Optional<QueueRow> queue(String name) {
        return call("read", c -> {
            try (PreparedStatement s = prepare(c, "SELECT name, arn, fifo, created_at, last_modified, attributes, tags FROM sqs_queues WHERE name = ?", name);
                 ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.<QueueRow>empty();
            }
        });
    }

    @Override
    public List<QueueRow> queues() {
        return call("read", c -> {
            List<QueueRow> out = new ArrayList<>();
            try (PreparedStatement s = prepare(c, "SELECT name, arn, fifo, created_at, last_modified, attributes, tags FROM sqs_queues ORDER BY name");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        });
    }

    private static QueueRow row(ResultSet rs) throws SQLException {
        return new QueueRow(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4), rs.getLong(5), strings(rs.getString(6)), strings(rs.getString(7)));
    }

    @Override
    public Optional<QueueRow> create(QueueRow q, long recentMs) {
        Optional<QueueRow> existing = queue(q.name());
        if (existing.isPresent()) return existing;
        boolean[] recent = {false};
        tx(c -> {
            if (Sql.exists(c, "SELECT 1 FROM sqs_deleted WHERE name = ? AND at > ?", q.name(), q.createdAt() - recentMs)) {
                recent[0] = true;
                return false;
            }
            update(c, "INSERT INTO sqs_queues (name, arn, fifo, created_at, last_modified, attributes, tags) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO NOTHING", q.name(), q.arn(), q.fifo(), q.createdAt(), q.lastModified(), json(q.attributes()), json(q.tags()));
            return true;
        });
        return recent[0] ? Optional.empty() : queue(q.name());
    }

    @Override
    public boolean update(QueueRow q) {
        return call("write", c -> update(c, "UPDATE sqs_queues SET attributes = ?, tags = ?, last_modified = ? WHERE name = ?",
                json(q.attributes()), json(q.tags()), q.lastModified(), q.name()) == 1);
    }

    @Override
    public void delete(String name, long now) {
        tx(c -> {
            if (update(c, "DELETE FROM sqs_queues WHERE name = ?", name) == 0) return false;
            update(c, "DELETE FROM sqs_messages WHERE queue = ?", name);
            update(c, "DELETE FROM sqs_dedup WHERE queue = ?", name);
            update(c, "INSERT INTO sqs_deleted (name, at) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at", name, now);
            notify(c, name);
            return true;
        });
    }

    @Override
    public boolean purge(String name, long now, long minIntervalMs) {
        return tx(c -> {
            if (update(c, "UPDATE sqs_queues SET purged_at = ? WHERE name = ? AND (purged_at = 0 OR purged_at <= ?)", now, name, now - minIntervalMs) == 0) {
                return false;
            }
            update(c, "DELETE FROM sqs_messages WHERE queue = ?", name);
            return true;
        });
    }

    @Override
    public Optional<Admitted> send(String queue, StoredMessage m, boolean fifo, String dedupKey, long now, long dedupWindowMs) {
        Admitted[] out = {null};
        tx(c -> {
            String sequence = null;
            if (fifo) {
                // the queue's row lock orders the FIFO sends: the sequence, the deduplication check and the insert
                try (PreparedStatement s = prepare(c, "UPDATE sqs_queues SET seq = seq + 1 WHERE name = ? RETURNING seq", queue); ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return false;
                    sequence = String.format("%020d", rs.getLong(1));
                }
                if (dedupKey != null) {
                    try (PreparedStatement s = prepare(c, "SELECT message_id, sequence_number FROM sqs_dedup WHERE queue = ? AND key = ? AND until > ?", queue, dedupKey, now);
                         ResultSet rs = s.executeQuery()) {
                        if (rs.next()) {
                            out[0] = new Admitted(rs.getString(1), rs.getString(2), true);
                            return false;
                        }
                    }
                    update(c, "INSERT INTO sqs_dedup (queue, key, message_id, sequence_number, until) VALUES (?, ?, ?, ?, ?) "
                            + "ON CONFLICT (queue, key) DO UPDATE SET message_id = excluded.message_id, sequence_number = excluded.sequence_number, until = excluded.until",
                            queue, dedupKey, m.id(), sequence, now + dedupWindowMs);
                }
            } else if (!Sql.exists(c, "SELECT 1 FROM sqs_queues WHERE name = ?", queue)) {
                return false;
            }
            update(c, "INSERT INTO sqs_messages (id, queue, body, attributes, sys_attributes, sent_at, group_id, dedup_id, sequence_number, sender_id, visible_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", m.id(), queue, m.body(), m.attributes(), m.systemAttributes(), m.sentAt(), m.groupId(),
                    m.deduplicationId(), sequence, m.senderId(), m.visibleAt());
            notify(c, queue);
            out[0] = new Admitted(m.id(), sequence, false);
            return true;
        });
        return Optional.ofNullable(out[0]);
    }

    @Override
    public List<StoredMessage> receive(String queue, Claim claim) {
        List<StoredMessage> out = new ArrayList<>();
        boolean[] moved = {false};
        tx(c -> {
            if (claim.fifo()) {
                try (PreparedStatement s = prepare(c, "SELECT 1 FROM sqs_queues WHERE name = ? FOR UPDATE", queue); ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return false;
                }
            }
            long now = claim.now();
            update(c, "DELETE FROM sqs_messages WHERE queue = ? AND sent_at <= ?", queue, now - claim.retentionMs());
            if (claim.deadLetterQueue() != null) {
                moved[0] = update(c, "WITH moved AS (DELETE FROM sqs_messages WHERE id IN (SELECT id FROM sqs_messages WHERE queue = ? AND visible_at <= ? "
                        + "AND receive_count >= ? FOR UPDATE SKIP LOCKED) RETURNING *) "
                        + "INSERT INTO sqs_messages (id, queue, ord, body, attributes, sys_attributes, sent_at, group_id, dedup_id, sequence_number, sender_id, "
                        + "visible_at, receive_count, first_receive_at) SELECT id, ?, ord, body, attributes, sys_attributes, sent_at, group_id, dedup_id, "
                        + "sequence_number, sender_id, ?, receive_count, first_receive_at FROM moved WHERE EXISTS (SELECT 1 FROM sqs_queues WHERE name = ?)",
                        queue, now, claim.maxReceiveCount(), claim.deadLetterQueue(), now, claim.deadLetterQueue()) > 0;
                if (moved[0]) notify(c, claim.deadLetterQueue());
            }
            String pick = claim.fifo()
                    ? "SELECT id FROM sqs_messages m WHERE queue = ? AND visible_at <= ? AND NOT EXISTS (SELECT 1 FROM sqs_messages o WHERE o.queue = m.queue "
                      + "AND o.group_id = m.group_id AND o.ord < m.ord AND o.visible_at > ?) ORDER BY ord LIMIT ?"
                    : "SELECT id FROM sqs_messages WHERE queue = ? AND visible_at <= ? ORDER BY visible_at, ord LIMIT ? FOR UPDATE SKIP LOCKED";
            Object[] params = claim.fifo() ? new Object[] {queue, now, now, claim.max(), now, now + claim.visibilityMs()}
                    : new Object[] {queue, now, claim.max(), now, now + claim.visibilityMs()};
            try (PreparedStatement s = prepare(c, "WITH picked AS (" + pick + ") UPDATE sqs_messages m SET receive_count = m.receive_count + 1, "
                    + "first_receive_at = CASE WHEN m.first_receive_at = 0 THEN ? ELSE m.first_receive_at END, visible_at = ?, "
                    + "nonce = substr(md5(random()::text || m.id), 1, 16) FROM picked WHERE m.id = picked.id RETURNING " + prefixed(), params);
                 ResultSet rs = s.executeQuery()) {
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) rows.add(new Object[] {message(rs), rs.getLong(14)});
                rows.sort(Comparator.comparingLong(r -> (Long) r[1]));
                rows.forEach(r -> out.add((StoredMessage) r[0]));
            }
            return true;
        });
        return out;
    }

    private static String prefixed() {
        StringBuilder b = new StringBuilder();
        for (String col : MESSAGE_COLUMNS.split(", ")) b.append(b.isEmpty() ? "" : ", ").append("m.").append(col);
        return b.toString();
    }

    private static StoredMessage message(ResultSet rs) throws SQLException {
        return new StoredMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getLong(10), rs.getInt(11), rs.getLong(12), rs.getString(13));
    }

    @Override
    public boolean delete(String queue, String messageId) {
        return call("write", c -> update(c, "DELETE FROM sqs_messages WHERE queue = ? AND id = ?", queue, messageId) == 1);
    }

    @Override
    public boolean changeVisibility(String queue, String messageId, String nonce, long now, long visibleAt) {
        return tx(c -> {
            boolean changed = update(c, "UPDATE sqs_messages SET visible_at = ? WHERE queue = ? AND id = ? AND nonce = ? AND receive_count > 0 AND visible_at > ?",
                    visibleAt, queue, messageId, nonce, now) == 1;
            if (changed) notify(c, queue);
            return changed;
        });
    }

    @Override
    public Depth depth(String queue, long now) {
        return call("read", c -> {
            try (PreparedStatement s = prepare(c, "SELECT count(*) FILTER (WHERE visible_at <= ?), count(*) FILTER (WHERE visible_at > ? AND receive_count > 0), "
                    + "count(*) FILTER (WHERE visible_at > ? AND receive_count = 0), coalesce(min(sent_at), 0) FROM sqs_messages WHERE queue = ?", now, now, now, queue);
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Depth(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        });
    }

    @Override
    public long nextVisible(String queue, long now) {
        return call("read", c -> {
            try (PreparedStatement s = prepare(c, "SELECT min(visible_at) FROM sqs_messages WHERE queue = ? AND visible_at > ?", queue, now);
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : v;
            }
        });
    }

    @Override
    public void expire(long before) {
        tx(c -> {
            update(c, "DELETE FROM sqs_dedup WHERE until <= ?", before);
            update(c, "DELETE FROM sqs_deleted WHERE at <= ?", before);
            return true;
        });
    }

    @Override
    public void onChange(Consumer<String> listener) { this.listener.add(listener); }

    @Override
    public void clear() { truncate("sqs_queues, sqs_messages, sqs_dedup, sqs_deleted"); }

    @Override
    public void close() {
        listener.close();
        super.close();
    }

    private static void notify(Connection c, String queue) throws SQLException {
        try (PreparedStatement s = prepare(c, "SELECT pg_notify(?, ?)", CHANNEL, queue)) {
            s.execute();
        }
    }

    /** A statement with its parameters; a null is a text null (every nullable column here is text). */
    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            if (params[i] == null) s.setNull(i + 1, java.sql.Types.VARCHAR);
            else s.setObject(i + 1, params[i]);
        }
        return s;
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    /**
     * Runs {@code work} (the entries of one batch request) in one transaction: one commit for all, durable when this
     * returns; rolled back as a whole when it throws. Each change inside is a savepoint, undone alone when it declines.
     */
    @Override
    public <T> T batch(java.util.function.Supplier<T> work) {
        if (batch.get() != null) return work.get();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            batch.set(c);
            try {
                T result = work.get();
                c.commit();
                return result;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                batch.remove();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable("write", e);
        }
    }

    /** One change in its own transaction, or, inside a {@link #batch}, under a savepoint of the batch's. */
    private boolean tx(Pools.Work work) {
        Connection c = batch.get();
        if (c == null) return transaction(work);
        try {
            java.sql.Savepoint point = c.setSavepoint();
            try {
                boolean ok = work.run(c);
                if (ok) c.releaseSavepoint(point);
                else c.rollback(point);
                return ok;
            } catch (SQLException | RuntimeException e) {
                c.rollback(point);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("write", e);
        }
    }

    private interface Read<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T call(String what, Read<T> work) {
        Connection inBatch = batch.get();
        if (inBatch != null) {
            try {
                return work.run(inBatch);
            } catch (SQLException e) {
                throw unavailable(what, e);
            }
        }
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    private static String json(Map<String, String> map) {
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> strings(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
