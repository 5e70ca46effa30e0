package io.dockyard.core.port;

import java.time.Instant;
import java.util.Map;

/**
 * Where Dockyard publishes the metrics AWS publishes (AWS/ECS, ECS/ContainerInsights, AWS/ApplicationELB):
 * CloudWatch's metric store. {@link #NONE} drops them (a module run without CloudWatch, unit tests).
 */
public interface MetricSink {
    /** One datapoint of metric {@code name} with {@code dimensions} in {@code namespace}. */
    void put(String namespace, String name, Map<String, String> dimensions, Instant at, double value, String unit);

    /** A statistic set (e.g. response times of many requests); without its own support, the average as one value. */
    default void putSet(String namespace, String name, Map<String, String> dimensions, Instant at, double count, double sum, double min, double max,
                        String unit) {
        if (count > 0) put(namespace, name, dimensions, at, sum / count, unit);
    }

    MetricSink NONE = (namespace, name, dimensions, at, value, unit) -> {};
}
