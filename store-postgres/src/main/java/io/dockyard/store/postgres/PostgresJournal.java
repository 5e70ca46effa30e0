package io.dockyard.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.dockyard.core.port.Leadership;
import io.dockyard.core.port.StoreUnavailableException;
import io.dockyard.store.CachedStore;
import io.dockyard.store.JournalRows;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The journal on PostgreSQL, shared by every control-plane replica. Each commit is one database
 * transaction that first moves the head revision by one with a compare-and-set (the row lock on
 * {@code meta.head} orders all writers of all replicas) and then writes each row only at the version
 * it expects; any miss rolls back and is a {@link CachedStore.ConflictException}. Deletes leave a
 * tombstone so a replica catching up ({@link #since}) sees them; a commit announces itself with
 * {@code NOTIFY dockyard_commits} and every replica LISTENs, so its change feed carries the others'
 * commits within milliseconds. The schema is Flyway's ({@code db/dockyard}).
 */
public final class PostgresJournal implements CachedStore.Journal {
    private static final Logger log = LoggerFactory.getLogger(PostgresJournal.class);
    static final String CHANNEL = "dockyard_commits";
    /** Tombstones older than this many revisions are removed (a replica further behind reloads). */
    static final long TOMBSTONE_REVISIONS = 100_000;

    private final DatabaseUrl url;
    private final HikariDataSource pool;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private Thread listener;

    public PostgresJournal(DatabaseUrl url) {
        this.url = url;
        this.pool = Pools.open(url, "dockyard-store", 8);
    }

    /** A store on this database. */
    public static CachedStore open(DatabaseUrl url) { return new CachedStore(new PostgresJournal(url)); }

    @Override
    public CachedStore.Loaded load() {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<CachedStore.Row> rows = new ArrayList<>();
            long head;
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE name = 'head'")) {
                    head = rs.next() ? rs.getLong(1) : 0;
                }
                try (ResultSet rs = s.executeQuery("SELECT kind, key, seq, version, revision, body FROM records WHERE body IS NOT NULL ORDER BY seq")) {
                    while (rs.next()) rows.add(row(rs));
                }
            }
            c.commit();
            return new CachedStore.Loaded(rows, head);
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    private static CachedStore.Row row(ResultSet rs) throws SQLException {
        return new CachedStore.Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getString(6));
    }

    private StoreUnavailableException unavailable(String what, SQLException e) {
        return new StoreUnavailableException("cannot " + what + " the database " + url.redacted() + ": " + e.getMessage(), e);
    }

    @Override
    public void commit(long revision, List<CachedStore.Row> rows) {
        try (Connection c = pool.getConnection()) {
            Pools.transaction(c, x -> {
                apply(x, revision, rows);
                return true;
            });
        } catch (SQLException e) {
            throw unavailable("write", e);
        }
    }

    private static void apply(Connection c, long revision, List<CachedStore.Row> rows) throws SQLException {
        long term = Leadership.fence();
        if (term != 0) {
            // The leader's writes carry its term: refused once another replica holds the lease (FOR SHARE holds off a
            // takeover until this commit ends), so a replica that lost leadership cannot act after another started.
            try (PreparedStatement fence = c.prepareStatement(
                    "SELECT 1 FROM leader WHERE id = 1 AND term = ? AND expires_at > clock_timestamp() FOR SHARE")) {
                fence.setLong(1, term);
                try (ResultSet rs = fence.executeQuery()) {
                    if (!rs.next()) throw new Leadership.FencedException("term " + term + " is over: this replica no longer leads");
                }
            }
        }
        try (PreparedStatement head = c.prepareStatement("UPDATE meta SET value = ? WHERE name = 'head' AND value = ?")) {
            head.setLong(1, revision);
            head.setLong(2, revision - 1);
            if (head.executeUpdate() != 1) throw new CachedStore.ConflictException("revision " + revision + " does not follow the stored head");
        }
        try (PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO records (kind, key, seq, version, revision, body) VALUES (?,?,?,?,?,?) "
                             + "ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq, version = excluded.version, "
                             + "revision = excluded.revision, body = excluded.body WHERE records.body IS NULL");
             PreparedStatement update = c.prepareStatement(
                     "UPDATE records SET version = ?, revision = ?, body = ? WHERE kind = ? AND key = ? AND version = ? AND body IS NOT NULL");
             PreparedStatement delete = c.prepareStatement(
                     "UPDATE records SET body = NULL, revision = (SELECT value FROM meta WHERE name = 'head') "
                             + "WHERE kind = ? AND key = ? AND version = ? AND body IS NOT NULL")) {
            for (CachedStore.Row r : rows) {
                if (JournalRows.write(r, revision, insert, update, delete) != 1) {
                    throw new CachedStore.ConflictException(r.kind() + " " + r.key() + " is not at version " + r.expectedVersion());
                }
            }
        }
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, Long.toString(revision));
            notify.execute();
        }
        if (revision % 1024 == 0) {
            try (PreparedStatement prune = c.prepareStatement("DELETE FROM records WHERE body IS NULL AND revision < ?")) {
                prune.setLong(1, revision - TOMBSTONE_REVISIONS);
                prune.executeUpdate();
            }
        }
    }

    @Override
    public List<CachedStore.Row> since(long revision) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            List<CachedStore.Row> rows = new ArrayList<>();
            long from = revision;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE name = 'cleared'")) {
                long cleared = rs.next() ? rs.getLong(1) : 0;
                if (cleared > revision) {
                    // Another replica reset the state after what the caller holds: it drops everything, then reads on.
                    rows.add(new CachedStore.Row(CachedStore.Journal.CLEARED, "", 0, 0, cleared, null));
                    from = cleared;
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT kind, key, seq, version, revision, body FROM records WHERE revision > ? ORDER BY revision, seq")) {
                s.setLong(1, from);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) rows.add(row(rs));
                }
            }
            c.commit();
            return rows;
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    @Override
    public void onForeignCommit(Runnable callback) {
        listeners.add(callback);
        synchronized (this) {
            if (listener != null) return;
            listener = io.dockyard.core.loop.Background.thread("store-listen").start(this::listen);
        }
    }

    /** LISTENs on its own connection (not the pool's), reconnecting after a failure; runs the callbacks per notification batch. */
    private void listen() {
        long backoff = 200;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                backoff = 200;
                listeners.forEach(this::run); // commits made while not listening
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(1000);
                    if (batch != null && batch.length > 0) listeners.forEach(this::run);
                }
            } catch (SQLException e) {
                if (closed) return;
                log.warn("database notifications lost, reconnecting in {} ms: {}", backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.warn("catching up with other replicas failed: {}", e.toString());
        }
    }

    @Override
    public long clear(long atLeast) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                long revision;
                // past the shared head: replicas further on than this one must see the clear as news
                try (ResultSet rs = s.executeQuery("UPDATE meta SET value = GREATEST(value + 1, " + atLeast + ") WHERE name = 'head' RETURNING value")) {
                    rs.next();
                    revision = rs.getLong(1);
                }
                s.execute("DELETE FROM records");
                s.execute("INSERT INTO meta (name, value) VALUES ('cleared', " + revision + ") ON CONFLICT (name) DO UPDATE SET value = excluded.value");
                s.execute("SELECT pg_notify('" + CHANNEL + "', '" + revision + "')");
                c.commit();
                return revision;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("clear", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = listener;
        if (t != null) t.interrupt();
        pool.close();
    }
}
