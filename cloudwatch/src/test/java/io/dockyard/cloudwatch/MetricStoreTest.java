package io.dockyard.cloudwatch;

import io.dockyard.cloudwatch.metrics.FileMetricStore;
import io.dockyard.cloudwatch.metrics.MetricId;
import io.dockyard.cloudwatch.metrics.MetricStore.Datapoint;
import io.dockyard.cloudwatch.metrics.Stats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The metric store: periods, roll-ups, percentiles, and what a new process reads back from the files. */
class MetricStoreTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final MetricId CPU = new MetricId("App", "CPU", Map.of("Service", "web", "Cluster", "c"));

    @Test
    void periodsAggregateMinuteBucketsAndStatisticsAreExact(@TempDir Path dir) {
        try (FileMetricStore s = new FileMetricStore(dir, Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC))) {
            for (int i = 0; i < 10; i++) s.put(CPU, List.of(Datapoint.of(T0.plusSeconds(i * 30L), i, "Percent")));
            NavigableMap<Instant, Stats> perMinute = s.query(CPU, T0, T0.plusSeconds(300), 60);
            assertThat(perMinute).hasSize(5);
            assertThat(perMinute.firstEntry().getValue().sum()).isEqualTo(1.0);
            NavigableMap<Instant, Stats> fiveMinutes = s.query(CPU, T0, T0.plusSeconds(300), 300);
            Stats all = fiveMinutes.get(T0);
            assertThat(all.count()).isEqualTo(10);
            assertThat(all.average()).isEqualTo(4.5);
            assertThat(all.min()).isZero();
            assertThat(all.max()).isEqualTo(9);
            assertThat(all.percentile(100)).isEqualTo(9);
            assertThat(all.percentile(50)).isCloseTo(4, within(0.05));
            assertThat(s.unit(CPU)).isEqualTo("Percent");
            assertThat(s.query(new MetricId("App", "CPU", Map.of("Cluster", "c", "Service", "web")), T0, T0.plusSeconds(60), 60))
                    .as("dimension order does not matter").hasSize(1);
        }
    }

    @Test
    void highResolutionMetricsKeepSecondsAndStatisticSetsCount(@TempDir Path dir) {
        try (FileMetricStore s = new FileMetricStore(dir, Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC))) {
            s.put(CPU, List.of(new Datapoint(T0.plusSeconds(1), 5, 1, Double.NaN, Double.NaN, Double.NaN, null, 1),
                    new Datapoint(T0.plusSeconds(2), Double.NaN, 4, 20, 1, 9, null, 1)));
            NavigableMap<Instant, Stats> perSecond = s.query(CPU, T0, T0.plusSeconds(10), 1);
            assertThat(perSecond.keySet()).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2));
            assertThat(perSecond.get(T0.plusSeconds(2)).count()).isEqualTo(4);
            assertThat(perSecond.get(T0.plusSeconds(2)).percentile(50)).as("no histogram for statistic sets").isNaN();
            assertThat(s.query(CPU, T0, T0.plusSeconds(60), 60).get(T0).count()).isEqualTo(5);
        }
    }

    @Test
    void aNewStoreOnTheSameDirectoryReadsEverythingBack(@TempDir Path dir) {
        Clock clock = Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC);
        try (FileMetricStore s = new FileMetricStore(dir, clock)) {
            for (int i = 0; i < 100; i++) s.put(CPU, List.of(Datapoint.of(T0.plusSeconds(i), i, "Percent")));
            s.put(new MetricId("App", "Other", Map.of()), List.of(Datapoint.of(T0, 1, null)));
        }
        try (FileMetricStore again = new FileMetricStore(dir, clock)) {
            Stats st = again.query(CPU, T0, T0.plusSeconds(120), 120).get(T0);
            assertThat(st.count()).isEqualTo(100);
            assertThat(st.sum()).isEqualTo(4950);
            assertThat(again.list(m -> true, null)).hasSize(2);
            assertThat(again.unit(CPU)).isEqualTo("Percent");
            again.put(CPU, List.of(Datapoint.of(T0.plusSeconds(100), 1, "Percent")));
            assertThat(again.query(CPU, T0, T0.plusSeconds(120), 120).get(T0).count()).isEqualTo(101);
        }
    }

    @Test
    void retentionDropsOldMinutesButKeepsTheirHourlyRollUp(@TempDir Path dir) {
        Instant old = T0.minusSeconds(20 * 86_400L);
        Clock then = Clock.fixed(old.plusSeconds(60), ZoneOffset.UTC);
        try (FileMetricStore s = new FileMetricStore(dir, then)) {
            s.put(CPU, List.of(Datapoint.of(old, 3, null), Datapoint.of(old.plusSeconds(60), 5, null)));
        }
        Clock now = Clock.fixed(T0, ZoneOffset.UTC);
        try (FileMetricStore s = new FileMetricStore(dir, now)) {
            s.expire();
            Stats hour = s.query(CPU, old, old.plusSeconds(3600), 3600).get(old);
            assertThat(hour.count()).isEqualTo(2);
            assertThat(hour.sum()).isEqualTo(8);
        }
        try (FileMetricStore s = new FileMetricStore(dir, now)) {
            assertThat(s.query(CPU, old, old.plusSeconds(3600), 3600).get(old).sum()).as("from hours.bin after the point file went").isEqualTo(8);
        }
    }
}
