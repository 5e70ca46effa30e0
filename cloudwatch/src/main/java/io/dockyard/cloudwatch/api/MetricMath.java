package io.dockyard.cloudwatch.api;

import io.dockyard.cloudwatch.metrics.SortedRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;

/**
 * The metric math of GetMetricData and alarms: numbers, the ids of other queries, {@code + - * /},
 * parentheses, arrays {@code [m1, m2]} and the functions SUM, AVG, MIN, MAX (across an array: per
 * timestamp; of one series: one number) and ABS. A series is a map from timestamp (epoch seconds) to
 * value; an operation between two series keeps the timestamps both have.
 */
final class MetricMath {
    /** A value of an expression: a number, a series, or an array of series. */
    sealed interface Value permits Scalar, Series, Array {}
    record Scalar(double v) implements Value {}

    /**
     * A series: timestamps (epoch seconds) ascending with their values. A metric's series is read into two arrays (a
     * GetMetricData of 100 metrics × 1,440 periods then allocates no object per datapoint); the map that expressions
     * work on is built from them when first asked for.
     */
    static final class Series implements Value {
        /** Receives one point; returns false to stop. */
        interface PointVisitor {
            boolean visit(long time, double value);
        }

        private long[] times;
        private double[] values;
        private int size;
        private NavigableMap<Long, Double> points;

        Series(NavigableMap<Long, Double> points) {
            this.points = points;
            this.size = points.size();
        }

        /** An empty series to {@link #append} to, in ascending time order. */
        Series() {
            times = new long[16];
            values = new double[16];
        }

        void append(long time, double value) {
            if (size > 0 && times[size - 1] >= time) throw new IllegalArgumentException("times must ascend");
            if (size == times.length) {
                times = java.util.Arrays.copyOf(times, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            times[size] = time;
            values[size++] = value;
        }

        int size() { return size; }

        NavigableMap<Long, Double> points() {
            if (points == null) {
                SortedRun<Long, Double> run = new SortedRun<>(size);
                for (int i = 0; i < size; i++) run.add(times[i], values[i]);
                points = run.toTreeMap();
            }
            return points;
        }

        /** The points oldest first ({@code ascending}) or newest first, until the visitor stops. */
        void forEach(boolean ascending, PointVisitor v) {
            if (times == null) {
                for (var e : (ascending ? points : points.descendingMap()).entrySet()) if (!v.visit(e.getKey(), e.getValue())) return;
                return;
            }
            for (int k = 0; k < size; k++) {
                int i = ascending ? k : size - 1 - k;
                if (!v.visit(times[i], values[i])) return;
            }
        }
    }
    record Array(List<Series> items) implements Value {}

    static final class Invalid extends RuntimeException {
        Invalid(String message) { super(message, null, false, false); }
    }

    private final String text;
    private final Map<String, Series> ids;
    private int at;

    private MetricMath(String text, Map<String, Series> ids) {
        this.text = text;
        this.ids = ids;
    }

    /** Evaluates {@code expression} with the series of the other queries by id. */
    static Value evaluate(String expression, Map<String, Series> ids) {
        MetricMath m = new MetricMath(expression, ids);
        Value v = m.expr();
        m.skip();
        if (m.at < expression.length()) throw new Invalid("Unexpected '" + expression.charAt(m.at) + "' at position " + (m.at + 1) + ".");
        return v;
    }

    /** The ids an expression refers to. */
    static List<String> references(String expression) {
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\\b([a-z][a-zA-Z0-9_]*)\\b(?!\\s*\\()").matcher(expression);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private Value expr() {
        Value v = term();
        while (true) {
            skip();
            if (peek('+')) { at++; v = combine(v, term(), Double::sum); }
            else if (peek('-')) { at++; v = combine(v, term(), (a, b) -> a - b); }
            else return v;
        }
    }

    private Value term() {
        Value v = factor();
        while (true) {
            skip();
            if (peek('*')) { at++; v = combine(v, factor(), (a, b) -> a * b); }
            else if (peek('/')) { at++; v = combine(v, factor(), (a, b) -> b == 0 ? Double.NaN : a / b); }
            else return v;
        }
    }

    private Value factor() {
        skip();
        if (at >= text.length()) throw new Invalid("The expression ends too early.");
        char c = text.charAt(at);
        if (c == '(') {
            at++;
            Value v = expr();
            expect(')');
            return v;
        }
        if (c == '-') {
            at++;
            return combine(new Scalar(0), factor(), (a, b) -> a - b);
        }
        if (c == '[') {
            at++;
            List<Series> items = new ArrayList<>();
            do {
                Value v = expr();
                if (!(v instanceof Series s)) throw new Invalid("An array holds time series only.");
                items.add(s);
                skip();
            } while (peek(',') && at++ >= 0);
            expect(']');
            return new Array(items);
        }
        if (Character.isDigit(c) || c == '.') {
            int from = at;
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.' || text.charAt(at) == 'e' || text.charAt(at) == 'E')) at++;
            try {
                return new Scalar(Double.parseDouble(text.substring(from, at)));
            } catch (NumberFormatException e) {
                throw new Invalid("'" + text.substring(from, at) + "' is not a number.");
            }
        }
        if (Character.isLetter(c)) {
            int from = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) at++;
            String name = text.substring(from, at);
            skip();
            if (peek('(')) {
                at++;
                Value arg = expr();
                expect(')');
                return function(name, arg);
            }
            Series s = ids.get(name);
            if (s == null) throw new Invalid("Unknown metric id or function: " + name + ".");
            return s;
        }
        throw new Invalid("Unexpected '" + c + "' at position " + (at + 1) + ".");
    }

    private static Value function(String name, Value arg) {
        return switch (name) {
            case "SUM" -> reduce(arg, Double::sum, false);
            case "AVG" -> reduce(arg, Double::sum, true);
            case "MIN" -> reduce(arg, Math::min, false);
            case "MAX" -> reduce(arg, Math::max, false);
            case "ABS" -> combine(arg, new Scalar(0), (a, b) -> Math.abs(a));
            default -> throw new Invalid("Unknown function " + name + ".");
        };
    }

    /** Across an array: per timestamp; over one series: one number. */
    private static Value reduce(Value v, DoubleBinaryOperator op, boolean average) {
        if (v instanceof Scalar s) return s;
        if (v instanceof Series s) {
            if (s.points().isEmpty()) return new Scalar(Double.NaN);
            double acc = Double.NaN;
            for (double x : s.points().values()) acc = Double.isNaN(acc) ? x : op.applyAsDouble(acc, x);
            return new Scalar(average ? acc / s.points().size() : acc);
        }
        Array a = (Array) v;
        NavigableMap<Long, Double> acc = new TreeMap<>();
        NavigableMap<Long, Integer> n = new TreeMap<>();
        for (Series s : a.items()) {
            s.points().forEach((t, x) -> {
                acc.merge(t, x, (p, q) -> op.applyAsDouble(p, q));
                n.merge(t, 1, Integer::sum);
            });
        }
        if (average) acc.replaceAll((t, x) -> x / n.get(t));
        return new Series(acc);
    }

    private static Value combine(Value a, Value b, DoubleBinaryOperator op) {
        if (a instanceof Array || b instanceof Array) throw new Invalid("Arithmetic on an array: wrap it in SUM, AVG, MIN or MAX.");
        if (a instanceof Scalar x && b instanceof Scalar y) return new Scalar(op.applyAsDouble(x.v(), y.v()));
        NavigableMap<Long, Double> out = new TreeMap<>();
        if (a instanceof Series x && b instanceof Series y) {
            x.points().forEach((t, v) -> {
                Double w = y.points().get(t);
                if (w != null) put(out, t, op.applyAsDouble(v, w));
            });
        } else if (a instanceof Series x) {
            double w = ((Scalar) b).v();
            x.points().forEach((t, v) -> put(out, t, op.applyAsDouble(v, w)));
        } else {
            double v = ((Scalar) a).v();
            ((Series) b).points().forEach((t, w) -> put(out, t, op.applyAsDouble(v, w)));
        }
        return new Series(out);
    }

    private static void put(NavigableMap<Long, Double> m, long t, double v) {
        if (!Double.isNaN(v) && !Double.isInfinite(v)) m.put(t, v);
    }

    private void skip() { while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++; }
    private boolean peek(char c) { return at < text.length() && text.charAt(at) == c; }

    private void expect(char c) {
        skip();
        if (!peek(c)) throw new Invalid("Expected '" + c + "' at position " + (at + 1) + ".");
        at++;
    }
}
