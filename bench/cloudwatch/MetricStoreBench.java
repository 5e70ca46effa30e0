import io.dockyard.cloudwatch.metrics.FileMetricStore;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.core.port.metrics.Stats;
import io.dockyard.store.postgres.DatabaseUrl;
import io.dockyard.store.postgres.PostgresMetricStore;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The GetMetricData-shaped read of the metric stores: M metrics (default 100) with one datapoint a minute for 24 hours,
 * then each metric's 24 hours read at 60 s periods (1,440 periods each, with their histograms), as one GetMetricData of
 * M queries does. Runs on FileMetricStore (a temp directory) and on PostgresMetricStore (the database URL given).
 *
 * Usage (bench/cloudwatch/run-stores.sh): java -cp server/target/dockyard.jar:server/target/lib/* MetricStoreBench.java URL [metrics] [rounds]
 */
public class MetricStoreBench {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int metrics = args.length > 1 ? Integer.parseInt(args[1]) : 100, rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Clock clock = Clock.systemUTC();
        try (MetricStore files = new FileMetricStore(Files.createTempDirectory("metric-bench-"), clock)) {
            run("FileMetricStore", files, clock, metrics, rounds);
        }
        try (MetricStore pg = new PostgresMetricStore(DatabaseUrl.parse(url), clock)) {
            run("PostgresMetricStore", pg, clock, metrics, rounds);
        }
    }

    static void run(String name, MetricStore store, Clock clock, int metrics, int rounds) {
        Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES), start = end.minus(24, ChronoUnit.HOURS);
        List<MetricId> ids = new ArrayList<>();
        for (int m = 0; m < metrics; m++) ids.add(new MetricId("Bench", "Latency", Map.of("Service", "svc-" + m)));
        long t0 = System.nanoTime();
        int puts = 0;
        for (MetricId id : ids) {
            for (int hour = 0; hour < 24; hour++) {
                List<MetricStore.Datapoint> batch = new ArrayList<>();
                for (int minute = 0; minute < 60; minute++) {
                    batch.add(MetricStore.Datapoint.of(start.plusSeconds(hour * 3600L + minute * 60L), ThreadLocalRandom.current().nextDouble(1, 500), "Milliseconds"));
                }
                store.put(id, batch);
                puts++;
            }
        }
        double putSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: put %d datapoints in %d calls of 60: %.1f s (%.0f datapoints/s)%n", name, metrics * 1440, puts, putSeconds,
                metrics * 1440 / putSeconds);
        double[] ms = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long q0 = System.nanoTime();
            long periods = 0;
            double check = 0;
            for (MetricId id : ids) {
                NavigableMap<Instant, Stats> q = store.query(id, start, end, 60);
                periods += q.size();
                for (Stats s : q.values()) check += s.percentile(99);
            }
            ms[r] = (System.nanoTime() - q0) / 1e6;
            if (periods != (long) metrics * 1440 || Double.isNaN(check)) throw new AssertionError(name + ": read " + periods + " periods");
        }
        Arrays.sort(ms);
        System.out.printf("%s: query %d metrics x 24 h at 60 s (%d periods, p99 of each): median %.0f ms, best %.0f ms, worst %.0f ms over %d rounds%n",
                name, metrics, metrics * 1440, ms[rounds / 2], ms[0], ms[rounds - 1], rounds);
    }
}
