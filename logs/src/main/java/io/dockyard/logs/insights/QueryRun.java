package io.dockyard.logs.insights;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.logs.insights.InsightsQuery.Agg;
import io.dockyard.logs.insights.InsightsQuery.Cond;
import io.dockyard.logs.insights.InsightsQuery.Operand;
import io.dockyard.logs.insights.InsightsQuery.Sort;
import io.dockyard.core.port.logs.LogStore;
import io.dockyard.protocol.Json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One Logs Insights query run over a {@link LogStore}: it scans the groups' events in the time range,
 * filters, aggregates or keeps rows (a bounded heap when sorted, the first {@code limit} otherwise),
 * and ends Complete, Failed or Cancelled. Each row is a list of field/value pairs, as the API answers.
 */
public final class QueryRun {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final List<String> DEFAULT_FIELDS = List.of("@timestamp", "@message");

    /** Ends a scan early (StopQuery). */
    private static final class Stopped extends RuntimeException {
        Stopped() { super(null, null, false, false); }
    }

    private final InsightsQuery query;
    private final List<String> groups;
    private final long start;
    private final long end;
    private final int limit;
    private volatile String status = "Scheduled";
    private volatile boolean stop;
    private volatile List<List<Map<String, String>>> results = List.of();
    private long scanned, matched, bytes;

    public QueryRun(InsightsQuery query, List<String> groups, long start, long end, Integer limit) {
        this.query = query;
        this.groups = List.copyOf(groups);
        this.start = start;
        this.end = end;
        this.limit = query.limit() != null ? query.limit() : limit != null ? Math.min(limit, 10_000) : 10_000;
    }

    public String status() { return status; }

    public List<List<Map<String, String>>> results() { return results; }

    public Map<String, Object> statistics() {
        return Map.of("recordsMatched", (double) matched, "recordsScanned", (double) scanned, "bytesScanned", (double) bytes);
    }

    public void stop() {
        stop = true;
        if (status.equals("Scheduled") || status.equals("Running")) status = "Cancelled";
    }

    /** The event being looked at: its fields, the message's JSON members parsed only when asked for. */
    private static final class Event {
        final Map<String, Object> fields = new HashMap<>();
        final String message;
        JsonNode json;
        boolean parsed;

        Event(String group, String stream, long seq, long ts, long ingestion, String message) {
            this.message = message;
            fields.put("@timestamp", ts);
            fields.put("@message", message);
            fields.put("@logStream", stream);
            fields.put("@log", group);
            fields.put("@ingestionTime", ingestion);
            fields.put("@ptr", Integer.toUnsignedString((group + "/" + stream).hashCode()) + "-" + seq);
        }

        Object get(String name) {
            if (fields.containsKey(name)) return fields.get(name);
            if (!parsed) {
                parsed = true;
                String m = message.stripLeading();
                if (m.startsWith("{")) {
                    try {
                        json = Json.MAPPER.readTree(m);
                    } catch (Exception e) {
                        json = null;
                    }
                }
            }
            if (json == null) return null;
            JsonNode n = json;
            for (String part : name.split("\\.")) {
                n = n == null ? null : n.get(part);
            }
            if (n == null || n.isNull() || n.isContainerNode()) return n == null || n.isNull() ? null : n.toString();
            return n.isNumber() ? (Object) n.doubleValue() : n.asText();
        }
    }

    /** Runs the query to its end (on the caller's thread). */
    public void run(LogStore store) {
        if (stop) return;
        status = "Running";
        try {
            List<List<Map<String, String>>> rows = query.hasStats() ? aggregate(store) : select(store);
            results = rows;
            if (!stop) status = "Complete";
        } catch (Stopped e) {
            status = "Cancelled";
        } catch (RuntimeException e) {
            status = "Failed";
        }
    }

    private interface EventVisitor {
        void visit(Event e);
    }

    private void scan(LogStore store, EventVisitor visitor) {
        for (String group : groups) {
            store.scan(group, null, start, end, (stream, seq, ts, ing, b, len) -> {
                if (stop) throw new Stopped();
                scanned++;
                bytes += len;
                Event e = new Event(group, stream, seq, ts, ing, new String(b, 0, len, StandardCharsets.UTF_8));
                if (query.filter() != null && !test(query.filter(), e)) return;
                matched++;
                visitor.visit(e);
            });
        }
    }

    private List<List<Map<String, String>>> select(LogStore store) {
        List<String> fields = query.fields().isEmpty() ? DEFAULT_FIELDS : query.fields();
        List<Map<String, Object>> kept = new ArrayList<>();
        Comparator<Map<String, Object>> order = order();
        PriorityQueue<Map<String, Object>> top = order == null ? null : new PriorityQueue<>(order.reversed());
        scan(store, e -> {
            if (top == null && kept.size() >= limit) return;
            Map<String, Object> row = new LinkedHashMap<>();
            for (String f : fields) row.put(f, e.get(f));
            for (Sort s : query.sort()) row.putIfAbsent(s.field(), e.get(s.field()));
            row.put("@ptr", e.get("@ptr"));
            if (top == null) {
                kept.add(row);
            } else {
                top.add(row);
                if (top.size() > limit) top.poll();
            }
        });
        if (top != null) {
            kept.addAll(top);
            kept.sort(order);
        }
        List<String> out = new ArrayList<>(fields);
        out.add("@ptr");
        return kept.stream().map(r -> render(r, out)).toList();
    }

    private List<List<Map<String, String>>> aggregate(LogStore store) {
        Map<List<Object>, double[][]> groupsByKey = new LinkedHashMap<>();
        List<Agg> aggs = query.aggregates();
        scan(store, e -> {
            List<Object> key = new ArrayList<>();
            for (String f : query.by()) key.add(e.get(f));
            double[][] acc = groupsByKey.computeIfAbsent(key, k -> {
                double[][] a = new double[aggs.size()][];
                for (int i = 0; i < a.length; i++) a[i] = new double[] {0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}; // count, sum, min, max
                return a;
            });
            for (int i = 0; i < aggs.size(); i++) {
                Agg agg = aggs.get(i);
                if (agg.field() == null) {
                    acc[i][0]++;
                    continue;
                }
                Object v = e.get(agg.field());
                if (v == null) continue;
                acc[i][0]++;
                Double d = number(v);
                if (d != null) {
                    acc[i][1] += d;
                    acc[i][2] = Math.min(acc[i][2], d);
                    acc[i][3] = Math.max(acc[i][3], d);
                }
            }
        });
        List<Map<String, Object>> rows = new ArrayList<>();
        groupsByKey.forEach((key, acc) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < query.by().size(); i++) row.put(query.by().get(i), key.get(i));
            for (int i = 0; i < aggs.size(); i++) {
                double[] a = acc[i];
                row.put(aggs.get(i).name(), switch (aggs.get(i).function()) {
                    case "count" -> a[0];
                    case "sum" -> a[1];
                    case "avg" -> a[0] == 0 ? null : a[1] / a[0];
                    case "min" -> a[0] == 0 ? null : a[2];
                    default -> a[0] == 0 ? null : a[3];
                });
            }
            rows.add(row);
        });
        Comparator<Map<String, Object>> order = order();
        if (order != null) rows.sort(order);
        List<String> columns = new ArrayList<>(query.by());
        aggs.forEach(a -> columns.add(a.name()));
        return rows.stream().limit(limit).map(r -> render(r, columns)).toList();
    }

    private Comparator<Map<String, Object>> order() {
        Comparator<Map<String, Object>> c = null;
        for (Sort s : query.sort()) {
            Comparator<Map<String, Object>> one = (a, b) -> compareValues(a.get(s.field()), b.get(s.field()));
            if (s.descending()) one = one.reversed();
            c = c == null ? one : c.thenComparing(one);
        }
        return c;
    }

    private static List<Map<String, String>> render(Map<String, Object> row, List<String> columns) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String c : columns) {
            Object v = row.get(c);
            if (v == null) continue;
            out.add(Map.of("field", c, "value", format(c, v)));
        }
        return out;
    }

    private static String format(String field, Object v) {
        if ((field.equals("@timestamp") || field.equals("@ingestionTime")) && v instanceof Long l) return TIME.format(Instant.ofEpochMilli(l));
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) return Long.toString(d.longValue());
        return String.valueOf(v);
    }

    private static Double number(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Numbers by value, else text; nulls first. */
    static int compareValues(Object a, Object b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        Double x = number(a), y = number(b);
        if (x != null && y != null) return Double.compare(x, y);
        return String.valueOf(a).compareTo(String.valueOf(b));
    }

    private static Object value(Operand o, Event e) {
        return o instanceof InsightsQuery.Field f ? e.get(f.name()) : ((InsightsQuery.Literal) o).value();
    }

    private static boolean test(Cond c, Event e) {
        return switch (c) {
            case InsightsQuery.And a -> test(a.left(), e) && test(a.right(), e);
            case InsightsQuery.Or o -> test(o.left(), e) || test(o.right(), e);
            case InsightsQuery.Not n -> !test(n.inner(), e);
            case InsightsQuery.Like l -> {
                Object v = value(l.left(), e);
                yield v != null && l.pattern().matcher(String.valueOf(v)).find();
            }
            case InsightsQuery.Compare cmp -> {
                Object l = value(cmp.left(), e), r = value(cmp.right(), e);
                if (l == null || r == null) yield false;
                int k = compareValues(l, r);
                yield switch (cmp.op()) {
                    case "=" -> k == 0;
                    case "!=" -> k != 0;
                    case "<" -> k < 0;
                    case ">" -> k > 0;
                    case "<=" -> k <= 0;
                    default -> k >= 0;
                };
            }
        };
    }

}
