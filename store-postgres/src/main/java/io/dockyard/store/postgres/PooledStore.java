package io.dockyard.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.dockyard.core.port.StoreUnavailableException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/** A store on its own connection pool on the database: what the metric and alarm stores share. */
abstract class PooledStore implements AutoCloseable {
    protected final DatabaseUrl url;
    protected final Clock clock;
    protected final HikariDataSource pool;
    private final String what;

    PooledStore(DatabaseUrl url, Clock clock, String what, int size) {
        this.url = url;
        this.clock = clock;
        this.what = what;
        this.pool = Pools.open(url, "dockyard-" + what, size);
    }

    /** Runs {@code work} in one transaction on a connection of the pool (see {@link Pools#transaction}). */
    protected boolean transaction(Pools.Work work) {
        try (Connection c = pool.getConnection()) {
            return Pools.transaction(c, work);
        } catch (SQLException e) {
            throw unavailable("write", e);
        }
    }

    /** The text in the first column of the first row {@code sql} answers with {@code parameter}, or null when none. */
    protected String text(String sql, String parameter) {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    /** Empties the tables (the dev reset). */
    protected void truncate(String tables) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + tables);
        } catch (SQLException e) {
            throw unavailable("clear", e);
        }
    }

    protected StoreUnavailableException unavailable(String action, SQLException e) {
        return new StoreUnavailableException("cannot " + action + " the " + what + " in " + url.redacted() + ": " + e.getMessage(), e);
    }

    @Override
    public void close() { pool.close(); }
}
