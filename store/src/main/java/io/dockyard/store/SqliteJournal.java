package io.dockyard.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The embedded journal: one SQLite file in WAL mode under the data directory. */
public final class SqliteJournal implements CachedStore.Journal {
    private final Connection connection;

    public SqliteJournal(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, key))");
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the state database " + file + ": " + e.getMessage(), e);
        }
    }

    /** A store on a SQLite file. */
    public static CachedStore open(Path file) { return new CachedStore(new SqliteJournal(file)); }

    @Override
    public synchronized List<CachedStore.Row> loadAll() {
        List<CachedStore.Row> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT kind, key, seq, body FROM records ORDER BY seq")) {
            while (rs.next()) rows.add(new CachedStore.Row(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state database: " + e.getMessage(), e);
        }
        return rows;
    }

    @Override
    public synchronized void commit(List<CachedStore.Row> writes) {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement up = connection.prepareStatement(
                    "INSERT INTO records(kind, key, seq, body) VALUES (?,?,?,?) ON CONFLICT(kind, key) DO UPDATE SET body = excluded.body");
                 PreparedStatement del = connection.prepareStatement("DELETE FROM records WHERE kind = ? AND key = ?")) {
                for (CachedStore.Row r : writes) {
                    if (r.body() == null) {
                        del.setString(1, r.kind());
                        del.setString(2, r.key());
                        del.addBatch();
                    } else {
                        up.setString(1, r.kind());
                        up.setString(2, r.key());
                        up.setLong(3, r.seq());
                        up.setString(4, r.body());
                        up.addBatch();
                    }
                }
                up.executeBatch();
                del.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the state database: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void clear() {
        try (Statement s = connection.createStatement()) {
            s.execute("DELETE FROM records");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot clear the state database: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing on shutdown: nothing left to do
        }
    }
}
