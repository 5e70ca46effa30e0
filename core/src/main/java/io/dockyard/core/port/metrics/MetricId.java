package io.dockyard.core.port.metrics;

import java.util.Map;
import java.util.TreeMap;

/** One metric: namespace, name and dimensions (a metric is the combination of all three, dimension order aside). */
public record MetricId(String namespace, String name, Map<String, String> dimensions) {
    public MetricId {
        dimensions = java.util.Collections.unmodifiableMap(new TreeMap<>(dimensions == null ? Map.of() : dimensions));
    }

    /** A canonical key for maps and files. */
    public String key() {
        StringBuilder b = new StringBuilder(namespace).append('\u0000').append(name);
        dimensions.forEach((k, v) -> b.append('\u0000').append(k).append('=').append(v));
        return b.toString();
    }
}
