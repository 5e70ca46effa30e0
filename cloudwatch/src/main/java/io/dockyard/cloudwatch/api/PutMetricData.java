package io.dockyard.cloudwatch.api;

import io.dockyard.protocol.QueryInput;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PutMetricData: up to 1,000 metrics per call, each a {@code Value}, a {@code StatisticValues} set or
 * {@code Values} with {@code Counts} (up to 150), timestamps within two weeks past and two hours ahead,
 * storage resolution 1 or 60 seconds. Namespaces starting with {@code AWS/} are AWS's own and refused.
 */
public final class PutMetricData implements Operation {
    static final int MAX_METRICS = 1000, MAX_VALUES = 150;
    private static final double TOO_BIG = Math.pow(2, 360), TOO_SMALL = Math.pow(2, -260);

    private final MetricStore store;
    private final Clock clock;

    public PutMetricData(MetricStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String name() { return "PutMetricData"; }

    @Override
    public Object handle(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        String namespace = Metrics.namespace(in, true);
        List<QueryInput> data = in.structs("MetricData");
        if (data.isEmpty()) throw QueryInput.missing("MetricData");
        if (data.size() > MAX_METRICS) throw QueryInput.invalid("The collection MetricData must not have a size greater than " + MAX_METRICS + ".");
        Instant now = clock.instant();
        Map<MetricId, List<MetricStore.Datapoint>> byMetric = new LinkedHashMap<>();
        for (QueryInput d : data) {
            MetricId id = new MetricId(namespace, d.required("MetricName"), Metrics.dimensions(d));
            if (id.name().length() > 255) throw QueryInput.badValue(d.path("MetricName"), id.name());
            Instant t = d.has("Timestamp") ? d.instant("Timestamp") : now;
            if (t.isBefore(now.minus(Duration.ofDays(14)))) {
                throw QueryInput.invalid("The parameter " + d.path("Timestamp") + " must specify a time no more than two weeks in the past.");
            }
            if (t.isAfter(now.plus(Duration.ofHours(2)))) {
                throw QueryInput.invalid("The parameter " + d.path("Timestamp") + " must specify a time no more than two hours in the future.");
            }
            String unit = Metrics.unit(d);
            Integer res = d.integer("StorageResolution");
            if (res != null && res != 1 && res != 60) throw QueryInput.badValue(d.path("StorageResolution"), res);
            int resolution = res == null ? 60 : res;
            boolean value = d.has("Value"), set = d.has("StatisticValues"), values = d.has("Values");
            if ((value ? 1 : 0) + (set ? 1 : 0) + (values ? 1 : 0) > 1) {
                throw QueryInput.combination("The parameters " + d.path("Value") + ", " + d.path("StatisticValues") + " and " + d.path("Values")
                        + " are mutually exclusive and you have specified more than one.");
            }
            List<MetricStore.Datapoint> points = byMetric.computeIfAbsent(id, k -> new ArrayList<>());
            if (set) {
                QueryInput s = d.struct("StatisticValues");
                double n = need(s, "SampleCount"), sum = need(s, "Sum"), lo = need(s, "Minimum"), hi = need(s, "Maximum");
                if (n <= 0) throw QueryInput.badValue(s.path("SampleCount"), n);
                if (lo > hi) throw QueryInput.invalid("The parameter " + s.path("Minimum") + " must not be greater than " + s.path("Maximum") + ".");
                points.add(new MetricStore.Datapoint(t, Double.NaN, n, sum, lo, hi, unit, resolution));
            } else if (values) {
                List<Double> vs = d.numbers("Values"), counts = d.numbers("Counts");
                if (vs.size() > MAX_VALUES) throw QueryInput.invalid("The collection " + d.path("Values") + " must not have a size greater than " + MAX_VALUES + ".");
                if (!counts.isEmpty() && counts.size() != vs.size()) {
                    throw QueryInput.invalid("The parameters " + d.path("Values") + " and " + d.path("Counts") + " must be of the same size.");
                }
                for (int i = 0; i < vs.size(); i++) {
                    double v = check(d.path("Values.member." + (i + 1)), vs.get(i));
                    double c = counts.isEmpty() ? 1 : counts.get(i);
                    if (c <= 0) throw QueryInput.badValue(d.path("Counts.member." + (i + 1)), c);
                    points.add(new MetricStore.Datapoint(t, v, c, Double.NaN, Double.NaN, Double.NaN, unit, resolution));
                }
            } else {
                if (!value) throw QueryInput.missing(d.path("Value"));
                double v = check(d.path("Value"), d.num("Value"));
                points.add(new MetricStore.Datapoint(t, v, 1, Double.NaN, Double.NaN, Double.NaN, unit, resolution));
            }
        }
        byMetric.forEach((id, points) -> { if (!points.isEmpty()) store.put(id, points); });
        return Out.obj();
    }

    private static double need(QueryInput s, String member) {
        Double v = s.num(member);
        if (v == null) throw QueryInput.missing(s.path(member));
        return check(s.path(member), v);
    }

    private static double check(String member, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) > TOO_BIG || (v != 0 && Math.abs(v) < TOO_SMALL)) throw QueryInput.badValue(member, v);
        return v;
    }
}
