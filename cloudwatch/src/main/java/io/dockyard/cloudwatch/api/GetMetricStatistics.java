package io.dockyard.cloudwatch.api;

import io.dockyard.protocol.QueryInput;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.core.port.metrics.Stats;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.XmlMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GetMetricStatistics: the chosen statistics (or percentiles, not both) of one metric per period,
 * at most 1,440 periods per call; a {@code Unit} that is not the metric's returns no datapoints.
 */
public final class GetMetricStatistics implements Operation {
    static final int MAX_DATAPOINTS = 1440;
    private final MetricStore store;

    public GetMetricStatistics(MetricStore store) { this.store = store; }

    @Override
    public String name() { return "GetMetricStatistics"; }

    @Override
    public Object handle(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        MetricId metric = new MetricId(Metrics.namespace(in, false), in.required("MetricName"), Metrics.dimensions(in));
        Instant start = in.instant("StartTime"), end = in.instant("EndTime");
        if (start == null) throw QueryInput.missing("StartTime");
        if (end == null) throw QueryInput.missing("EndTime");
        if (!start.isBefore(end)) throw QueryInput.invalid("The parameter StartTime must be less than the parameter EndTime.");
        int period = Metrics.period(in, "Period", true);
        List<String> stats = in.strings("Statistics"), extended = in.strings("ExtendedStatistics");
        if (stats.isEmpty() == extended.isEmpty()) {
            throw QueryInput.combination("Must specify either Statistics or ExtendedStatistics, but not both.");
        }
        for (int i = 0; i < stats.size(); i++) if (!Metrics.STATISTICS.contains(stats.get(i))) throw QueryInput.badValue("Statistics.member." + (i + 1), stats.get(i));
        for (int i = 0; i < extended.size(); i++) if (!Metrics.percentile(extended.get(i))) throw QueryInput.badValue("ExtendedStatistics.member." + (i + 1), extended.get(i));
        String unit = Metrics.unit(in);
        long requested = (end.getEpochSecond() - start.getEpochSecond() + period - 1) / period;
        if (requested > MAX_DATAPOINTS) {
            throw QueryInput.combination("You have requested up to " + String.format("%,d", requested) + " datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        }
        String metricUnit = store.unit(metric);
        List<Object> points = new ArrayList<>();
        if (unit == null || unit.equals(metricUnit == null ? "None" : metricUnit)) {
            for (Map.Entry<Instant, Stats> e : store.query(metric, start, end, period).entrySet()) {
                Stats s = e.getValue();
                Out p = Out.obj().with("Timestamp", e.getKey());
                for (String st : List.of("SampleCount", "Average", "Sum", "Minimum", "Maximum")) {
                    if (stats.contains(st)) p.with(st, s.statistic(st));
                }
                p.with("Unit", metricUnit == null ? "None" : metricUnit);
                if (!extended.isEmpty()) {
                    XmlMap ext = new XmlMap();
                    for (String x : extended) {
                        double v = s.statistic(x);
                        if (!Double.isNaN(v)) ext.put(x, v);
                    }
                    p.with("ExtendedStatistics", ext);
                }
                points.add(p);
            }
        }
        return Out.obj().with("Label", metric.name()).with("Datapoints", points);
    }
}
