package io.dockyard.cloudwatch.api;

import io.dockyard.protocol.QueryInput;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.protocol.Out;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What several operations share: a metric read from a request, its wire form, the units, the statistics. */
final class Metrics {
    private Metrics() {}

    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes",
            "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
            "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
            "Gigabits/Second", "Terabits/Second", "Count/Second", "None");
    static final Set<String> STATISTICS = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    static final int MAX_DIMENSIONS = 30;

    /** {@code Dimensions} of a request: at most 30, each with a name and a value of 1–255 characters, no name twice. */
    static Map<String, String> dimensions(QueryInput in) {
        List<QueryInput> dims = in.structs("Dimensions");
        if (dims.size() > MAX_DIMENSIONS) throw QueryInput.invalid("The collection " + in.path("Dimensions") + " must not have a size greater than " + MAX_DIMENSIONS + ".");
        Map<String, String> out = new LinkedHashMap<>();
        for (QueryInput d : dims) {
            String name = d.required("Name"), value = d.required("Value");
            if (name.length() > 255) throw QueryInput.badValue(d.path("Name"), name);
            if (value.length() > 1024) throw QueryInput.badValue(d.path("Value"), value);
            if (out.put(name, value) != null) {
                throw QueryInput.invalid("No metric may have duplicate dimension names: " + in.path("Dimensions") + " names " + name + " twice.");
            }
        }
        return out;
    }

    static String namespace(QueryInput in, boolean put) {
        String ns = in.required("Namespace");
        if (ns.length() > 255 || ns.isBlank() || ns.startsWith(":") || (put && ns.startsWith("AWS/"))) throw QueryInput.badValue(in.path("Namespace"), ns);
        return ns;
    }

    static String unit(QueryInput in) {
        String u = in.str("Unit");
        if (u != null && !UNITS.contains(u)) throw QueryInput.badValue(in.path("Unit"), u);
        return u;
    }

    /** {@code Metric} (namespace, name, dimensions) of MetricStat and alarms. */
    static MetricId metric(QueryInput m) {
        return new MetricId(namespace(m, false), m.required("MetricName"), dimensions(m));
    }

    static Out wire(MetricId m) {
        List<Object> dims = new ArrayList<>();
        m.dimensions().forEach((k, v) -> dims.add(Out.obj().with("Name", k).with("Value", v)));
        return Out.obj().with("Namespace", m.namespace()).with("MetricName", m.name()).with("Dimensions", dims);
    }

    /** Whether {@code s} is a percentile statistic (p0–p100, up to two decimals). */
    static boolean percentile(String s) {
        if (!s.matches("p\\d{1,3}(\\.\\d{1,2})?")) return false;
        double p = Double.parseDouble(s.substring(1));
        return p >= 0 && p <= 100;
    }

    /** A period: 1, 5, 10, 30 or a multiple of 60 seconds. */
    static int period(QueryInput in, String member, boolean required) {
        Integer p = in.integer(member);
        if (p == null) {
            if (required) throw QueryInput.missing(in.path(member));
            return 0;
        }
        if (p < 1) throw QueryInput.invalid("The parameter " + in.path(member) + " must be greater than 0.");
        if (p != 1 && p != 5 && p != 10 && p != 30 && p % 60 != 0) throw QueryInput.invalid("The parameter " + in.path(member) + " must be a multiple of 60.");
        return p;
    }
}
