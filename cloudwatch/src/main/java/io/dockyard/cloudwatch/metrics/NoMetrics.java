package io.dockyard.cloudwatch.metrics;

import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.core.port.metrics.Stats;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** A store without data: for checking that metric math parses and its references resolve. */
public enum NoMetrics implements MetricStore {
    INSTANCE;

    @Override public void put(MetricId metric, List<Datapoint> points) {}
    @Override public NavigableMap<Instant, Stats> query(MetricId metric, Instant start, Instant end, int period) { return new TreeMap<>(); }
    @Override public List<MetricId> list(Predicate<MetricId> filter, Instant activeSince) { return List.of(); }
    @Override public String unit(MetricId metric) { return null; }
    @Override public void expire() {}
    @Override public void clear() {}
    @Override public void close() {}
}
