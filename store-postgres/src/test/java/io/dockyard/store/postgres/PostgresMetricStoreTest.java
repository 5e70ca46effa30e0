package io.dockyard.store.postgres;

import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.core.port.metrics.MetricStore.Datapoint;
import io.dockyard.core.port.metrics.MetricStoreContract;
import io.dockyard.core.port.metrics.Stats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric store contract on PostgreSQL, and two replicas putting the same metric at once. */
class PostgresMetricStoreTest extends MetricStoreContract {
    @RegisterExtension
    static final TestDatabases.PerTest database = new TestDatabases.PerTest();

    @Override
    protected MetricStore open(Clock clock) { return new PostgresMetricStore(database.url(), clock); }

    @Test
    void twoReplicasPuttingTheSameMetricAtOnceAddUp() throws Exception {
        Clock clock = at(T0.plusSeconds(600));
        try (MetricStore one = open(clock); MetricStore two = open(clock); ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> puts = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                MetricStore s = t % 2 == 0 ? one : two;
                int thread = t;
                puts.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        // the same minutes and the same histogram buckets from every thread, high resolution so seconds collide too
                        s.put(CPU, List.of(new Datapoint(T0.plusSeconds(i % 5), thread + 1, 1, Double.NaN, Double.NaN, Double.NaN, "Count", 1),
                                new Datapoint(T0.plusSeconds(60 + i % 5), 1, 1, Double.NaN, Double.NaN, Double.NaN, "Count", 1)));
                    }
                }));
            }
            for (Future<?> f : puts) f.get();
            Stats first = two.query(CPU, T0, T0.plusSeconds(60), 60).get(T0);
            assertThat(first.count()).isEqualTo(400);
            assertThat(first.sum()).isEqualTo(50 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8));
            assertThat(first.min()).isEqualTo(1);
            assertThat(first.max()).isEqualTo(8);
            assertThat(first.percentile(50)).isBetween(4.0, 5.0);
            assertThat(one.query(CPU, T0, T0.plusSeconds(120), 1).values().stream().mapToDouble(Stats::count).sum()).isEqualTo(800);
            assertThat(one.query(CPU, T0, T0.plusSeconds(7200), 3600).get(T0).count()).isEqualTo(800);
            assertThat(one.list(m -> true, null)).containsExactly(CPU);
        }
    }
}
