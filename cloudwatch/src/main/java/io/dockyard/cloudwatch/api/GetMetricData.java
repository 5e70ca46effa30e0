package io.dockyard.cloudwatch.api;

import io.dockyard.protocol.QueryInput;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GetMetricData: up to 500 queries, metric statistics and metric math over them, each result's
 * timestamps newest first ({@code ScanBy} TimestampDescending, the default) or oldest first, at most
 * {@code MaxDatapoints} in all. Everything is answered in one page.
 */
public final class GetMetricData implements Operation {
    private final MetricStore store;

    public GetMetricData(MetricStore store) { this.store = store; }

    @Override
    public String name() { return "GetMetricData"; }

    @Override
    public Object handle(Map<String, Object> input, RequestContext ctx) {
        QueryInput in = new QueryInput(input);
        List<MetricQuery> queries = MetricQuery.parse(in, "MetricDataQueries");
        Instant start = in.instant("StartTime"), end = in.instant("EndTime");
        if (start == null) throw QueryInput.missing("StartTime");
        if (end == null) throw QueryInput.missing("EndTime");
        if (!start.isBefore(end)) throw QueryInput.invalid("The parameter StartTime must be less than the parameter EndTime.");
        String scanBy = in.str("ScanBy");
        if (scanBy != null && !scanBy.equals("TimestampDescending") && !scanBy.equals("TimestampAscending")) throw QueryInput.badValue("ScanBy", scanBy);
        boolean ascending = "TimestampAscending".equals(scanBy);
        Integer max = in.integer("MaxDatapoints");
        if (max != null && max < 1) throw QueryInput.badValue("MaxDatapoints", max);
        if (in.str("NextToken") != null) throw new io.dockyard.core.AwsException("InvalidNextToken", 400, "The service returned an invalid NextToken.");
        Map<String, MetricMath.Series> series;
        try {
            series = MetricQuery.evaluate(queries, store, start, end);
        } catch (MetricMath.Invalid e) {
            throw QueryInput.invalid("Error in expression: " + e.getMessage());
        }
        int budget = max == null ? 100_800 : max;
        List<Object> results = new ArrayList<>();
        for (MetricQuery q : queries) {
            if (!q.returnData()) continue;
            MetricMath.Series points = series.get(q.id());
            int n = Math.min(points.size(), Math.max(budget, 0));
            List<Object> times = new ArrayList<>(n);
            List<Object> values = new ArrayList<>(n);
            points.forEach(ascending, (t, v) -> {
                if (times.size() >= n) return false;
                times.add(Instant.ofEpochSecond(t));
                values.add(v);
                return true;
            });
            budget -= times.size();
            String label = q.label() != null ? q.label() : q.metric() != null ? q.metric().name() : q.id();
            results.add(Out.obj().with("Id", q.id()).with("Label", label).with("Timestamps", times).with("Values", values)
                    .with("StatusCode", "Complete"));
        }
        return Out.obj().with("MetricDataResults", results).with("Messages", List.of());
    }
}
