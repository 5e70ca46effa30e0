package io.dockyard.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.time.Duration;

/** What the stores on one PostgreSQL database share: how a connection pool is made, and the schema (Flyway's {@code db/dockyard}). */
final class Database {
    private Database() {}

    /**
     * A pool of up to {@code size} connections, with the schema migrated. A database that is down or cut off fails
     * calls within seconds (the API answers a retryable error) instead of hanging them.
     */
    static HikariDataSource open(DatabaseUrl url, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) config.setUsername(url.user());
        if (url.password() != null) config.setPassword(url.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
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
            // Flyway holds an advisory lock while it migrates: replicas (and the stores of one replica) starting together are safe.
            Flyway.configure().dataSource(pool).locations("classpath:db/dockyard").table("dockyard_schema_history")
                    .baselineOnMigrate(false).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new IllegalStateException("cannot migrate the database " + url.redacted() + ": " + rootMessage(e), e);
        }
        return pool;
    }

    static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return e.getMessage();
    }
}
