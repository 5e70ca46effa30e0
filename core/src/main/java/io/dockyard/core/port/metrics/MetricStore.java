package io.dockyard.core.port.metrics;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Predicate;

/**
 * Where metric datapoints are kept: per metric, statistics per second (high-resolution metrics, 3
 * hours), per minute (15 days) and per hour (455 days), as CloudWatch rolls its data up. Implemented on
 * files under the data directory (one process) and on PostgreSQL (every replica of a fleet reads and adds
 * to the same data); both pass the same contract suite.
 */
public interface MetricStore extends AutoCloseable {
    /** How long each resolution is kept, in seconds. */
    long SECONDS_KEPT = 3 * 3600L, MINUTES_KEPT = 15 * 86_400L, HOURS_KEPT = 455 * 86_400L;

    /** One datapoint: a value seen {@code count} times, or a statistic set ({@code value} NaN). */
    record Datapoint(Instant timestamp, double value, double count, double sum, double min, double max, String unit, int resolution) {
        public static Datapoint of(Instant t, double value, String unit) { return new Datapoint(t, value, 1, Double.NaN, Double.NaN, Double.NaN, unit, 60); }
        public boolean statisticSet() { return Double.isNaN(value); }
    }

    void put(MetricId metric, List<Datapoint> points);

    /** The statistics of each period of {@code period} seconds from {@code start} (inclusive) to {@code end} (exclusive) that has data, by period start. */
    NavigableMap<Instant, Stats> query(MetricId metric, Instant start, Instant end, int period);

    /** Receives one period's statistics: its start (epoch seconds) and the statistics (read only). */
    interface PeriodVisitor {
        void visit(long periodStart, Stats stats);
    }

    /**
     * The periods {@link #query} answers, handed to {@code visitor} in time order without building a map (GetMetricData
     * reads 100 metrics × 1,440 periods at once); a store may read them in place.
     */
    default void forEachPeriod(MetricId metric, Instant start, Instant end, int period, PeriodVisitor visitor) {
        for (var e : query(metric, start, end, period).entrySet()) visitor.visit(e.getKey().getEpochSecond(), e.getValue());
    }

    /** The metrics that match, with data since {@code activeSince} (null: any). */
    List<MetricId> list(Predicate<MetricId> filter, Instant activeSince);

    /** The unit the metric was last put with, or null. */
    String unit(MetricId metric);

    /** Drops what is past its retention (run every minute; on a shared store, by one replica). */
    void expire();

    /** Forgets everything (the dev reset). */
    void clear();

    @Override
    void close();

    /**
     * The resolution (1, 60 or 3600 seconds) a query reads: seconds for periods under a minute, minutes while the
     * start is within their 15 days, else hours.
     */
    static int resolution(int period, long fromSecond, long nowSecond) {
        if (period < 60) return 1;
        return fromSecond >= nowSecond - MINUTES_KEPT ? 60 : 3600;
    }

    /** The resolutions a datapoint of {@code resolution} seconds is rolled up into. */
    static int[] rollUps(int resolution) { return resolution < 60 ? new int[] {1, 60, 3600} : new int[] {60, 3600}; }
}
