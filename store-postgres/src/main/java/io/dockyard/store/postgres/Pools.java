package io.dockyard.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** Connection pools on the database, its schema migrated first (Flyway's {@code db/dockyard}, idempotent: each pool's opener runs it). */
final class Pools {
    private Pools() {}

    static HikariDataSource open(DatabaseUrl url, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) config.setUsername(url.user());
        if (url.password() != null) config.setPassword(url.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        // A database that is down or cut off fails calls within seconds (the API answers a retryable error) instead of hanging them.
        config.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "10");
        config.setPoolName(name);
        config.setAutoCommit(true);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot reach the database " + url.redacted() + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/dockyard").table("dockyard_schema_history")
                    .baselineOnMigrate(false).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new IllegalStateException("cannot migrate the database " + url.redacted() + ": " + rootMessage(e), e);
        }
        return pool;
    }

    /** Work in a transaction: true to commit it, false to roll it back. */
    interface Work {
        boolean run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction on {@code c}: committed when it answers true, else (or when it throws) rolled back. */
    static boolean transaction(Connection c, Work work) throws SQLException {
        c.setAutoCommit(false);
        try {
            boolean ok = work.run(c);
            if (ok) c.commit();
            else c.rollback();
            return ok;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return e.getMessage();
    }
}
