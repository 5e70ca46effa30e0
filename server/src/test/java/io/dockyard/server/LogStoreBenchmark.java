package io.dockyard.server;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.logs.LogEvent;
import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.LogStore;
import io.dockyard.logs.Logs;
import io.dockyard.logs.store.FileLogStore;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.RequestContext;
import io.dockyard.store.postgres.DatabaseUrl;
import io.dockyard.store.postgres.PostgresLogStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A measurement, not a test (surefire's default includes skip it): PutLogEvents-sized appends of 1,000 events
 * and FilterLogEvents over 200,000 events, on the file store and on PostgreSQL. Run it by name:
 * {@code mvn -o -pl server test -Dtest=LogStoreBenchmark} (PostgreSQL from {@code scripts/test-postgres.sh},
 * or {@code DOCKYARD_TEST_DATABASE}).
 */
class LogStoreBenchmark {
    static final int BATCH = 1000, BATCHES = 200, STREAMS = 4;

    @TempDir Path dir;

    @Test
    void fileAndPostgres() throws Exception {
        measure("file", FileLogStore.open(dir.resolve("logs")));
        String admin = System.getenv().getOrDefault("DOCKYARD_TEST_DATABASE", "postgresql://dockyard:dockyard@127.0.0.1:5432/dockyard");
        String name = "dockyard_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        DatabaseUrl a = DatabaseUrl.parse(admin);
        try (Connection c = DriverManager.getConnection(a.jdbcUrl(), a.user(), a.password()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        try {
            measure("postgres", PostgresLogStore.open(DatabaseUrl.parse(admin.substring(0, admin.lastIndexOf('/') + 1) + name)));
        } finally {
            try (Connection c = DriverManager.getConnection(a.jdbcUrl(), a.user(), a.password()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE " + name + " WITH (FORCE)");
            }
        }
    }

    private static void measure(String label, LogStore store) {
        try (store) {
            long now = System.currentTimeMillis() - 3_600_000;
            store.createGroup(new LogGroup("/bench", now, null, Map.of()));
            for (int s = 0; s < STREAMS; s++) store.createStream("/bench", "s" + s, now);
            long[] batchNanos = new long[BATCHES];
            long start = System.nanoTime();
            for (int b = 0; b < BATCHES; b++) {
                List<LogEvent> events = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    int n = b * BATCH + i;
                    events.add(new LogEvent(now + n / 10, "10.0.0." + (n % 250) + " - - \"GET /api/items/" + n + " HTTP/1.1\" "
                            + (n % 100 == 0 ? "500 ERROR upstream timeout" : "200 OK") + " " + (n % 997) + "ms user-agent=bench/1.0"));
                }
                long t = System.nanoTime();
                store.append("/bench", "s" + (b % STREAMS), events, now + b);
                batchNanos[b] = System.nanoTime() - t;
            }
            double total = (System.nanoTime() - start) / 1e9;
            java.util.Arrays.sort(batchNanos);
            System.out.printf("BENCH %s append: %d batches of %d events in %.1f s = %.0f events/s; batch p50 %.1f ms, p99 %.1f ms%n", label, BATCHES, BATCH,
                    total, BATCHES * BATCH / total, batchNanos[BATCHES / 2] / 1e6, batchNanos[BATCHES * 99 / 100] / 1e6);

            Operation filter = Logs.start(store, Clock.systemUTC(), new Supervisor(), Duration.ofDays(1)).service().operations().get("FilterLogEvents");
            RequestContext ctx = new RequestContext("r", "us-east-1", "test", "000000000000");
            for (String pattern : List.of("ERROR", "\"GET /api/items/199999 \"")) {
                for (int round = 0; round < 3; round++) {
                    long t = System.nanoTime();
                    Object out = filter.handle(Map.of("logGroupName", "/bench", "filterPattern", pattern), ctx);
                    double ms = (System.nanoTime() - t) / 1e6;
                    int hits = ((List<?>) ((Map<?, ?>) io.dockyard.protocol.Json.MAPPER.convertValue(out, Map.class)).get("events")).size();
                    System.out.printf("BENCH %s filter '%s' over %d events (round %d): %.0f ms, %d events%n", label, pattern, BATCHES * BATCH, round, ms, hits);
                }
            }
        }
    }
}
