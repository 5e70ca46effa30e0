package io.dockyard.cloudwatch.metrics;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Predicate;

/**
 * Where metric datapoints are kept: per metric, statistics per second (high-resolution metrics, 3
 * hours), per minute (15 days) and per hour (455 days), as CloudWatch rolls its data up.
 */
public interface MetricStore extends AutoCloseable {
    /** One datapoint: a value seen {@code count} times, or a statistic set ({@code value} NaN). */
    record Datapoint(Instant timestamp, double value, double count, double sum, double min, double max, String unit, int resolution) {
        public static Datapoint of(Instant t, double value, String unit) { return new Datapoint(t, value, 1, Double.NaN, Double.NaN, Double.NaN, unit, 60); }
        public boolean statisticSet() { return Double.isNaN(value); }
    }

    void put(MetricId metric, List<Datapoint> points);

    /** The statistics of each period of {@code period} seconds from {@code start} (inclusive) to {@code end} (exclusive) that has data, by period start. */
    NavigableMap<Instant, Stats> query(MetricId metric, Instant start, Instant end, int period);

    /** The metrics that match, with data since {@code activeSince} (null: any). */
    List<MetricId> list(Predicate<MetricId> filter, Instant activeSince);

    /** The unit the metric was last put with, or null. */
    String unit(MetricId metric);

    /** Forgets everything (the dev reset). */
    void clear();

    @Override
    void close();
}
