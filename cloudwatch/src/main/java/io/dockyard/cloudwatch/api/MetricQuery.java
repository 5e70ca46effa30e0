package io.dockyard.cloudwatch.api;

import io.dockyard.protocol.QueryInput;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.metrics.MetricStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * One entry of {@code MetricDataQueries} (GetMetricData, metric-math alarms): a metric statistic or an
 * expression over the others, and how the set is evaluated (statistics first, then expressions in the
 * order their references allow).
 */
public record MetricQuery(String id, MetricId metric, int period, String stat, String unit, String expression, String label, boolean returnData) {

    /** Reads the list member {@code member} of a request. */
    static List<MetricQuery> parse(QueryInput in, String member) {
        List<QueryInput> raw = in.structs(member);
        if (raw.isEmpty()) throw QueryInput.missing(member);
        if (raw.size() > 500) throw QueryInput.invalid("The collection " + member + " must not have a size greater than 500.");
        List<MetricQuery> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (QueryInput q : raw) {
            String id = q.required("Id");
            if (!id.matches("[a-z][a-zA-Z0-9_]{0,254}")) throw QueryInput.badValue(q.path("Id"), id);
            if (!seen.add(id)) throw QueryInput.invalid("The value " + id + " for parameter " + q.path("Id") + " is not unique.");
            QueryInput stat = q.struct("MetricStat");
            String expression = q.str("Expression");
            if ((stat == null) == (expression == null)) {
                throw QueryInput.combination("Exactly one element of " + q.path("MetricStat") + " and " + q.path("Expression") + " must be specified.");
            }
            Boolean ret = q.bool("ReturnData");
            String label = q.str("Label");
            if (stat != null) {
                QueryInput m = stat.struct("Metric");
                if (m == null) throw QueryInput.missing(stat.path("Metric"));
                int period = Metrics.period(stat, "Period", true);
                String s = stat.required("Stat");
                if (!Metrics.STATISTICS.contains(s) && !Metrics.percentile(s)) throw QueryInput.badValue(stat.path("Stat"), s);
                out.add(new MetricQuery(id, Metrics.metric(m), period, s, Metrics.unit(stat), null, label, ret == null || ret));
            } else {
                if (expression.isBlank() || expression.length() > 2048) throw QueryInput.badValue(q.path("Expression"), expression);
                out.add(new MetricQuery(id, null, Metrics.period(q, "Period", false), null, null, expression, label, ret == null || ret));
            }
        }
        return out;
    }

    /** Each query's series (timestamp in epoch seconds → value) over [start, end); an expression that fails throws {@link MetricMath.Invalid}. */
    static Map<String, MetricMath.Series> evaluate(List<MetricQuery> queries, MetricStore store, Instant start, Instant end) {
        Map<String, MetricMath.Series> done = new LinkedHashMap<>();
        for (MetricQuery q : queries) {
            if (q.metric() == null) continue;
            String metricUnit = store.unit(q.metric());
            MetricMath.Series points = new MetricMath.Series();
            if (q.unit() == null || q.unit().equals(metricUnit == null ? "None" : metricUnit)) {
                store.forEachPeriod(q.metric(), start, end, q.period(), (t, stats) -> {
                    double v = stats.statistic(q.stat());
                    if (!Double.isNaN(v)) points.append(t, v);
                });
            }
            done.put(q.id(), points);
        }
        List<MetricQuery> pending = new ArrayList<>(queries.stream().filter(q -> q.expression() != null).toList());
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                MetricQuery q = it.next();
                if (!done.keySet().containsAll(MetricMath.references(q.expression()))) continue;
                MetricMath.Value v = MetricMath.evaluate(q.expression(), done);
                done.put(q.id(), switch (v) {
                    case MetricMath.Series s -> s;
                    case MetricMath.Scalar s -> scalarSeries(s.v(), done);
                    case MetricMath.Array a -> throw new MetricMath.Invalid("The expression of " + q.id() + " gives several time series; wrap it in SUM, AVG, MIN or MAX.");
                });
                it.remove();
                progress = true;
            }
            if (!progress) throw new MetricMath.Invalid("The expression of " + pending.getFirst().id() + " refers to an unknown id or to itself.");
        }
        return done;
    }

    /** The series of query {@code id} over [start, end) (metric-math alarms); an expression that fails throws IllegalArgumentException. */
    public static NavigableMap<Long, Double> series(List<MetricQuery> queries, MetricStore store, Instant start, Instant end, String id) {
        try {
            return evaluate(queries, store, start, end).get(id).points();
        } catch (MetricMath.Invalid e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** A number as a series: the number at every timestamp the other series have. */
    private static MetricMath.Series scalarSeries(double v, Map<String, MetricMath.Series> others) {
        NavigableMap<Long, Double> out = new TreeMap<>();
        if (!Double.isNaN(v)) for (MetricMath.Series s : others.values()) for (Long t : s.points().keySet()) out.put(t, v);
        return new MetricMath.Series(out);
    }
}
