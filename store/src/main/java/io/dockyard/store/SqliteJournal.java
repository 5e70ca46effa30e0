package io.dockyard.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded journal: one SQLite file in WAL mode under the data directory. A row per live record
 * with its version and the revision that wrote it; the head revision in {@code meta}. Files written
 * before versions existed are migrated when opened (every record at version 1, head 0).
 */
public final class SqliteJournal implements CachedStore.Journal {
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    public SqliteJournal(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            SqliteNative.prepare(file.toAbsolutePath().getParent().resolve("native"));
            // sqlite-jdbc straight, not through DriverManager: its first use loads every driver on the class path (PostgreSQL's too)
            connection = org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file.toAbsolutePath(), new java.util.Properties());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, key))");
                if (!hasColumn(s, "version")) {
                    s.execute("ALTER TABLE records ADD COLUMN version INTEGER NOT NULL DEFAULT 1");
                    s.execute("ALTER TABLE records ADD COLUMN revision INTEGER NOT NULL DEFAULT 0");
                }
                s.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
                s.execute("INSERT OR IGNORE INTO meta(name, value) VALUES ('head', 0)");
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the state database " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasColumn(Statement s, String column) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA table_info(records)")) {
            while (rs.next()) if (column.equals(rs.getString("name"))) return true;
        }
        return false;
    }

    /** A store on a SQLite file. */
    public static CachedStore open(Path file) { return new CachedStore(new SqliteJournal(file)); }

    @Override
    public CachedStore.Loaded load() {
        lock.lock();
        List<CachedStore.Row> rows = new ArrayList<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT kind, key, seq, version, revision, body FROM records ORDER BY seq")) {
                while (rs.next()) rows.add(new CachedStore.Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getString(6)));
            }
            return new CachedStore.Loaded(rows, head(s));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static long head(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE name = 'head'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void commit(long revision, List<CachedStore.Row> writes) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement head = connection.prepareStatement("UPDATE meta SET value = ? WHERE name = 'head' AND value = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO records(kind, key, seq, version, revision, body) VALUES (?,?,?,?,?,?) ON CONFLICT(kind, key) DO NOTHING");
                 PreparedStatement update = connection.prepareStatement(
                         "UPDATE records SET version = ?, revision = ?, body = ? WHERE kind = ? AND key = ? AND version = ?");
                 PreparedStatement delete = connection.prepareStatement("DELETE FROM records WHERE kind = ? AND key = ? AND version = ?")) {
                head.setLong(1, revision);
                head.setLong(2, revision - 1);
                if (head.executeUpdate() != 1) throw new CachedStore.ConflictException("revision " + revision + " does not follow the stored head");
                for (CachedStore.Row r : writes) {
                    if (JournalRows.write(r, revision, insert, update, delete) != 1) {
                        throw new CachedStore.ConflictException(r.kind() + " " + r.key() + " is not at version " + r.expectedVersion());
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the state database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long clear(long revision) {
        lock.lock();
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM records");
            s.execute("UPDATE meta SET value = " + revision + " WHERE name = 'head'");
            return revision;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot clear the state database: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing on shutdown: nothing left to do
        } finally {
            lock.unlock();
        }
    }
}
