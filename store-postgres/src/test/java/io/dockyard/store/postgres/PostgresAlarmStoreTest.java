package io.dockyard.store.postgres;

import io.dockyard.core.port.metrics.AlarmStore;
import io.dockyard.core.port.metrics.AlarmStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The alarm store contract on PostgreSQL, and two replicas changing the same alarm at once. */
class PostgresAlarmStoreTest extends AlarmStoreContract {
    @RegisterExtension
    static final TestDatabases.PerTest database = new TestDatabases.PerTest();

    @Override
    protected AlarmStore open(Clock clock) { return new PostgresAlarmStore(database.url(), clock); }

    @Test
    void concurrentUpdatesFromTwoReplicasAreNotLost() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (AlarmStore one = open(clock); AlarmStore two = open(clock); ExecutorService threads = Executors.newFixedThreadPool(4)) {
            one.put("a", "0");
            one.put("b", "0");
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                AlarmStore s = t % 2 == 0 ? one : two;
                // opposite name orders from different threads: locked in name order, so no deadlock
                List<String> names = t < 2 ? List.of("a", "b") : List.of("b", "a");
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) s.update(names, (n, d) -> Integer.toString(Integer.parseInt(d) + 1));
                }));
            }
            for (Future<?> f : work) f.get();
            assertThat(two.all()).containsEntry("a", "100").containsEntry("b", "100");
        }
    }
}
