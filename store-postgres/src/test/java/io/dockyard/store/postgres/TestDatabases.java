package io.dockyard.store.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fresh databases on the test PostgreSQL ({@code DOCKYARD_TEST_DATABASE}, else the one
 * {@code scripts/test-postgres.sh} starts), one per test, dropped when the class is done.
 */
final class TestDatabases {
    static final String ADMIN = System.getenv().getOrDefault("DOCKYARD_TEST_DATABASE", "postgresql://dockyard:dockyard@127.0.0.1:5432/dockyard");
    private final List<String> created = new ArrayList<>();

    /** A fresh database for each test, all dropped after the class ({@code @RegisterExtension static final PerTest db = new PerTest()}). */
    static final class PerTest implements BeforeEachCallback, AfterAllCallback {
        private final TestDatabases databases = new TestDatabases();
        private DatabaseUrl current;

        @Override public void beforeEach(ExtensionContext context) { current = databases.create(); }
        @Override public void afterAll(ExtensionContext context) { databases.dropAll(); }

        /** This test's database. */
        DatabaseUrl url() { return current; }
    }

    DatabaseUrl create() {
        String name = "dockyard_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        DatabaseUrl admin = DatabaseUrl.parse(ADMIN);
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL at " + admin + " is not reachable (run scripts/test-postgres.sh): " + e.getMessage(), e);
        }
        created.add(name);
        return DatabaseUrl.parse(ADMIN.substring(0, ADMIN.lastIndexOf('/') + 1) + name);
    }

    /** The database made last. */
    DatabaseUrl last() { return DatabaseUrl.parse(ADMIN.substring(0, ADMIN.lastIndexOf('/') + 1) + created.getLast()); }

    /**
     * Drops the databases made (clean-up: it never fails a test). A backend of another role still on a database (an
     * autovacuum worker) makes FORCE refuse for a moment: retried, then left for the next run's server.
     */
    void dropAll() {
        DatabaseUrl admin = DatabaseUrl.parse(ADMIN);
        for (String name : created) {
            for (int attempt = 1; attempt <= 10; attempt++) {
                try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                     Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                    break;
                } catch (SQLException e) {
                    if (attempt == 10) System.err.println("could not drop test database " + name + ": " + e.getMessage());
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
        created.clear();
    }
}
