package io.dockyard.protocol;

import io.dockyard.core.AwsException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request of a query-compatible service (CloudWatch, SQS) read into typed values, whichever protocol it came in:
 * CBOR and JSON 1.0 carry numbers and epoch-second timestamps, the Query protocol strings (ISO 8601 timestamps) and
 * {@code member.N} lists. Errors are the Query codes ({@code MissingParameter}, {@code InvalidParameterValue}),
 * which the JSON and CBOR answers map to their error shapes.
 */
public final class QueryInput {
    private final Map<String, Object> in;
    private final String prefix;

    public QueryInput(Map<String, Object> in) { this(in, ""); }

    private QueryInput(Map<String, Object> in, String prefix) {
        this.in = in == null ? Map.of() : in;
        this.prefix = prefix;
    }

    public static AwsException invalid(String message) { return new AwsException("InvalidParameterValue", 400, message); }
    public static AwsException missing(String member) { return new AwsException("MissingParameter", 400, "The parameter " + member + " is required."); }
    public static AwsException combination(String message) { return new AwsException("InvalidParameterCombination", 400, message); }
    public static AwsException badValue(String member, Object value) { return invalid("The value " + value + " for parameter " + member + " is invalid."); }

    public String path(String member) { return prefix + member; }

    public boolean has(String member) { return in.get(member) != null; }

    public String str(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof String s) return s;
        if (v instanceof Number || v instanceof Boolean) return String.valueOf(v);
        throw badValue(path(member), v);
    }

    public String required(String member) {
        String s = str(member);
        if (s == null || s.isEmpty()) throw missing(path(member));
        return s;
    }

    public Double num(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw badValue(path(member), s);
            }
        }
        throw badValue(path(member), v);
    }

    public Integer integer(String member) {
        Double d = num(member);
        if (d == null) return null;
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw badValue(path(member), in.get(member));
        return d.intValue();
    }

    public Boolean bool(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Boolean b) return b;
        if ("true".equalsIgnoreCase(String.valueOf(v))) return true;
        if ("false".equalsIgnoreCase(String.valueOf(v))) return false;
        throw badValue(path(member), v);
    }

    public Instant instant(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Number n) return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
        String s = String.valueOf(v).trim();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s.endsWith("Z") ? s : s + "Z");
            } catch (DateTimeParseException e2) {
                try {
                    return Instant.ofEpochMilli(Math.round(Double.parseDouble(s) * 1000));
                } catch (NumberFormatException e3) {
                    throw badValue(path(member), s);
                }
            }
        }
    }

    /** A list member: its items, each a nested input when it is a structure (an absent list is empty). */
    public List<QueryInput> structs(String member) {
        List<QueryInput> out = new ArrayList<>();
        Object v = in.get(member);
        if (v == null) return out;
        if (!(v instanceof List<?> l)) throw badValue(path(member), v);
        for (int i = 0; i < l.size(); i++) {
            Object item = l.get(i);
            if (!(item instanceof Map<?, ?> m)) throw badValue(path(member) + ".member." + (i + 1), item);
            @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
            out.add(new QueryInput(mm, path(member) + ".member." + (i + 1) + "."));
        }
        return out;
    }

    public List<String> strings(String member) {
        List<String> out = new ArrayList<>();
        Object v = in.get(member);
        if (v == null) return out;
        if (!(v instanceof List<?> l)) throw badValue(path(member), v);
        for (Object o : l) out.add(String.valueOf(o));
        return out;
    }

    public List<Double> numbers(String member) {
        List<Double> out = new ArrayList<>();
        Object v = in.get(member);
        if (v == null) return out;
        if (!(v instanceof List<?> l)) throw badValue(path(member), v);
        for (int i = 0; i < l.size(); i++) {
            Object o = l.get(i);
            try {
                out.add(o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o)));
            } catch (NumberFormatException e) {
                throw badValue(path(member) + ".member." + (i + 1), o);
            }
        }
        return out;
    }

    /** A structure member, or null. */
    public QueryInput struct(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)) throw badValue(path(member), v);
        @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
        return new QueryInput(mm, path(member) + ".");
    }

    /** A map member (a JSON object; the Query protocol's {@code entry.N} form arrives as one too); empty when absent. */
    public Map<String, Object> map(String member) {
        Object v = in.get(member);
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) throw badValue(path(member), v);
        @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
        return mm;
    }
}
