package io.dockyard.store.postgres;

import io.dockyard.core.port.AuditLog;
import io.dockyard.core.port.audit.AuditLogContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log contract on PostgreSQL, and two replicas recording at once into the one table both read. */
class PostgresAuditLogTest extends AuditLogContract {
    @RegisterExtension
    static final TestDatabases.PerTest database = new TestDatabases.PerTest();

    @Override
    protected AuditLog open(Clock clock) { return new PostgresAuditLog(database.url(), clock); }

    @Test
    void twoReplicasShareOneTrail() throws Exception {
        try (AuditLog a = open(at(NOW)); AuditLog b = open(at(NOW)); ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                AuditLog log = t % 2 == 0 ? a : b;
                int thread = t;
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        log.record(event(thread + "-" + i, NOW.minusSeconds(1000 - i), "RunTask", "u" + thread, null, CLUSTER));
                        if (i % 50 == 0) log.maintain();
                    }
                }));
            }
            for (Future<?> f : writers) f.get();
            a.maintain();
            // b's own events not yet written are written before it reads; a's were written by its maintain
            assertThat(b.newestFirst(null, null, e -> true, 5000)).hasSize(1000);
            assertThat(a.newestFirst(null, null, e -> e.userName().equals("u1"), 5000)).hasSize(250)
                    .allSatisfy(e -> assertThat(e.resources()).containsExactly(CLUSTER));
            assertThat(a.newestFirst(null, null, e -> true, 1).getFirst().time()).isEqualTo(NOW.minusSeconds(1000 - 249));
        }
    }
}
