package io.dockyard.core.port.metrics;

import io.dockyard.core.port.metrics.MetricStore.Datapoint;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@link MetricStore} contract, run on each implementation (files, PostgreSQL): periods, roll-ups, percentiles,
 * statistic sets, units, listing, retention, and what a store opened later on the same storage reads back.
 */
public abstract class MetricStoreContract {
    protected static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    protected static final MetricId CPU = new MetricId("App", "CPU", Map.of("Service", "web", "Cluster", "c"));

    /** A store on this test's storage (fresh for each test; every call within a test opens the same storage). */
    protected abstract MetricStore open(Clock clock);

    protected static Clock at(Instant t) { return Clock.fixed(t, ZoneOffset.UTC); }

    @Test
    void periodsAggregateMinuteBucketsAndStatisticsAreExact() {
        try (MetricStore s = open(at(T0.plusSeconds(3600)))) {
            for (int i = 0; i < 10; i++) s.put(CPU, List.of(Datapoint.of(T0.plusSeconds(i * 30L), i, "Percent")));
            NavigableMap<Instant, Stats> perMinute = s.query(CPU, T0, T0.plusSeconds(300), 60);
            assertThat(perMinute).hasSize(5);
            assertThat(perMinute.firstEntry().getValue().sum()).isEqualTo(1.0);
            Stats all = s.query(CPU, T0, T0.plusSeconds(300), 300).get(T0);
            assertThat(all.count()).isEqualTo(10);
            assertThat(all.average()).isEqualTo(4.5);
            assertThat(all.min()).isZero();
            assertThat(all.max()).isEqualTo(9);
            assertThat(all.percentile(100)).isEqualTo(9);
            assertThat(all.percentile(50)).isCloseTo(4, within(0.05));
            assertThat(all.percentile(90)).isCloseTo(8, within(0.1));
            assertThat(s.unit(CPU)).isEqualTo("Percent");
            assertThat(s.query(new MetricId("App", "CPU", Map.of("Cluster", "c", "Service", "web")), T0, T0.plusSeconds(60), 60))
                    .as("dimension order does not matter").hasSize(1);
            assertThat(s.query(new MetricId("App", "CPU", Map.of("Service", "web")), T0, T0.plusSeconds(60), 60)).as("another metric").isEmpty();
            assertThat(s.query(CPU, T0.plusSeconds(60), T0.plusSeconds(120), 60).keySet()).as("end exclusive").containsExactly(T0.plusSeconds(60));
        }
    }

    @Test
    void periodsStartAtMultiplesOfThePeriod() {
        try (MetricStore s = open(at(T0.plusSeconds(3600)))) {
            for (int i = 0; i < 6; i++) s.put(CPU, List.of(Datapoint.of(T0.plusSeconds(i * 60L), 1, null)));
            NavigableMap<Instant, Stats> q = s.query(CPU, T0.plusSeconds(60), T0.plusSeconds(360), 120);
            assertThat(q.keySet()).containsExactly(T0, T0.plusSeconds(120), T0.plusSeconds(240));
            assertThat(q.values().stream().map(Stats::count).toList()).containsExactly(1.0, 2.0, 2.0);
        }
    }

    @Test
    void highResolutionMetricsKeepSecondsAndStatisticSetsCount() {
        try (MetricStore s = open(at(T0.plusSeconds(60)))) {
            s.put(CPU, List.of(new Datapoint(T0.plusSeconds(1), 5, 1, Double.NaN, Double.NaN, Double.NaN, null, 1),
                    new Datapoint(T0.plusSeconds(2), Double.NaN, 4, 20, 1, 9, null, 1)));
            NavigableMap<Instant, Stats> perSecond = s.query(CPU, T0, T0.plusSeconds(10), 1);
            assertThat(perSecond.keySet()).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2));
            assertThat(perSecond.get(T0.plusSeconds(2)).count()).isEqualTo(4);
            assertThat(perSecond.get(T0.plusSeconds(2)).min()).isEqualTo(1);
            assertThat(perSecond.get(T0.plusSeconds(2)).percentile(50)).as("no histogram for statistic sets").isNaN();
            Stats minute = s.query(CPU, T0, T0.plusSeconds(60), 60).get(T0);
            assertThat(minute.count()).isEqualTo(5);
            assertThat(minute.sum()).isEqualTo(25);
            assertThat(minute.max()).isEqualTo(9);
            assertThat(s.query(CPU, T0, T0.plusSeconds(10), 10).get(T0).count()).isEqualTo(5);
        }
    }

    @Test
    void standardResolutionPointsHaveNoSeconds() {
        try (MetricStore s = open(at(T0.plusSeconds(60)))) {
            s.put(CPU, List.of(Datapoint.of(T0.plusSeconds(5), 1, null)));
            assertThat(s.query(CPU, T0, T0.plusSeconds(60), 1)).isEmpty();
            assertThat(s.query(CPU, T0, T0.plusSeconds(60), 60)).hasSize(1);
        }
    }

    @Test
    void putsAddUpAndTheLastUnitIsKept() {
        try (MetricStore s = open(at(T0.plusSeconds(60)))) {
            s.put(CPU, List.of(Datapoint.of(T0, 2, "Count")));
            s.put(CPU, List.of(new Datapoint(T0.plusSeconds(1), 3, 2, Double.NaN, Double.NaN, Double.NaN, "Percent", 60)));
            s.put(CPU, List.of(Datapoint.of(T0.plusSeconds(2), 4, null)));
            Stats st = s.query(CPU, T0, T0.plusSeconds(60), 60).get(T0);
            assertThat(st.count()).isEqualTo(4);
            assertThat(st.sum()).isEqualTo(12);
            assertThat(s.unit(CPU)).as("a put without a unit keeps the last one").isEqualTo("Percent");
            assertThat(s.unit(new MetricId("App", "Nothing", Map.of()))).isNull();
        }
    }

    @Test
    void listFiltersAndKnowsWhatIsRecentlyActive() {
        MetricId other = new MetricId("Other", "Requests", Map.of("LoadBalancer", "app/x/1"));
        try (MetricStore s = open(at(T0))) {
            s.put(CPU, List.of(Datapoint.of(T0, 1, null)));
            s.put(other, List.of(Datapoint.of(T0, 1, null)));
            assertThat(s.list(m -> true, null)).containsExactlyInAnyOrder(CPU, other);
            assertThat(s.list(m -> m.namespace().equals("Other"), null)).containsExactly(other);
            assertThat(s.list(m -> true, T0.minusSeconds(3600))).hasSize(2);
            assertThat(s.list(m -> true, T0.plusSeconds(3600))).isEmpty();
        }
    }

    @Test
    void aStoreOpenedLaterReadsEverythingBack() {
        Clock clock = at(T0.plusSeconds(7200));
        try (MetricStore s = open(clock)) {
            for (int i = 0; i < 100; i++) s.put(CPU, List.of(Datapoint.of(T0.plusSeconds(i), i, "Percent")));
            s.put(new MetricId("App", "Other", Map.of()), List.of(Datapoint.of(T0, 1, null)));
        }
        try (MetricStore again = open(clock)) {
            Stats st = again.query(CPU, T0, T0.plusSeconds(120), 120).get(T0);
            assertThat(st.count()).isEqualTo(100);
            assertThat(st.sum()).isEqualTo(4950);
            assertThat(st.percentile(50)).isCloseTo(49.5, within(1.0));
            assertThat(again.list(m -> true, null)).hasSize(2);
            assertThat(again.unit(CPU)).isEqualTo("Percent");
            again.put(CPU, List.of(Datapoint.of(T0.plusSeconds(100), 1, "Percent")));
            assertThat(again.query(CPU, T0, T0.plusSeconds(120), 120).get(T0).count()).isEqualTo(101);
        }
    }

    @Test
    void retentionDropsOldMinutesAndSecondsButKeepsTheHourlyRollUp() {
        Instant old = T0.minusSeconds(20 * 86_400L);
        try (MetricStore s = open(at(old.plusSeconds(60)))) {
            s.put(CPU, List.of(Datapoint.of(old, 3, null), Datapoint.of(old.plusSeconds(60), 5, null)));
            s.put(CPU, List.of(new Datapoint(T0.minusSeconds(4 * 3600L), 7, 1, Double.NaN, Double.NaN, Double.NaN, null, 1)));
        }
        try (MetricStore s = open(at(T0))) {
            s.expire();
            Stats hour = s.query(CPU, old, old.plusSeconds(3600), 3600).get(old);
            assertThat(hour.count()).isEqualTo(2);
            assertThat(hour.sum()).isEqualTo(8);
            assertThat(s.query(CPU, old, old.plusSeconds(3600), 60)).as("older than 15 days: read from the hours").hasSize(1);
            assertThat(s.query(CPU, T0.minusSeconds(4 * 3600L), T0, 1)).as("seconds are kept 3 hours").isEmpty();
            assertThat(s.query(CPU, T0.minusSeconds(4 * 3600L), T0, 60)).as("their minute is kept").hasSize(1);
        }
    }

    @Test
    void clearForgetsEverything() {
        try (MetricStore s = open(at(T0))) {
            s.put(CPU, List.of(Datapoint.of(T0, 1, "Count")));
            s.clear();
            assertThat(s.list(m -> true, null)).isEmpty();
            assertThat(s.query(CPU, T0, T0.plusSeconds(60), 60)).isEmpty();
            assertThat(s.unit(CPU)).isNull();
            s.put(CPU, List.of(Datapoint.of(T0, 2, null)));
            assertThat(s.query(CPU, T0, T0.plusSeconds(60), 60).get(T0).sum()).isEqualTo(2);
        }
    }
}
