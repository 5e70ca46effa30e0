package io.dockyard.logs.api;

import io.dockyard.core.AwsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CloudWatch Logs request body read into typed values with the service's errors: a member of the
 * wrong JSON type is a SerializationException, a value outside the model's constraints an
 * InvalidParameterException in AWS's "1 validation error detected" wording.
 */
final class Input {
    static final Pattern GROUP_NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]+");
    static final Pattern STREAM_NAME = Pattern.compile("[^:*]*");
    private static final Pattern TAG_KEY = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$");
    private static final Pattern TAG_VALUE = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");

    private final Map<String, Object> in;

    Input(Map<String, Object> in) { this.in = in == null ? Map.of() : in; }

    static AwsException invalid(String message) { return new AwsException("InvalidParameterException", 400, message); }

    static AwsException constraint(String member, Object value, String constraint) {
        return invalid("1 validation error detected: Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    private static AwsException type(String member, String expected) {
        return new AwsException("SerializationException", 400, "Expected " + expected + " for " + member + ".");
    }

    String str(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof String s) return s;
        throw type(member, "a string");
    }

    String required(String member) {
        String s = str(member);
        if (s == null) throw invalid("1 validation error detected: Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        return s;
    }

    /** A string member checked against the model's length and pattern. */
    String name(String member, boolean required, Pattern pattern, int max) {
        String s = required ? required(member) : str(member);
        if (s == null) return null;
        if (s.isEmpty() || s.length() > max) throw constraint(member, s, "Member must have length between 1 and " + max);
        if (!pattern.matcher(s).matches()) throw constraint(member, s, "Member must satisfy regular expression pattern: " + pattern.pattern());
        return s;
    }

    String group(String member, boolean required) { return name(member, required, GROUP_NAME, 512); }

    String stream(String member, boolean required) { return name(member, required, STREAM_NAME, 512); }

    Long longValue(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw type(member, "an integer");
    }

    /** A timestamp (epoch ms, at least 0). */
    Long time(String member) {
        Long t = longValue(member);
        if (t != null && t < 0) throw constraint(member, t, "Member must have value greater than or equal to 0");
        return t;
    }

    Integer integer(String member, int min, int max) {
        Long v = longValue(member);
        if (v == null) return null;
        if (v < min || v > max) throw constraint(member, v, "Member must have value " + (v < min ? "greater than or equal to " + min : "less than or equal to " + max));
        return v.intValue();
    }

    boolean bool(String member) {
        Object v = in.get(member);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        throw type(member, "a boolean");
    }

    List<Object> list(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof List<?> l) return new ArrayList<>(l);
        throw type(member, "a list");
    }

    List<String> strings(String member) {
        List<Object> l = list(member);
        if (l == null) return null;
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw type(member, "strings");
            out.add(s);
        }
        return out;
    }

    Map<String, Object> map(String member) {
        Object v = in.get(member);
        if (v == null) return null;
        if (v instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked") Map<String, Object> typed = (Map<String, Object>) m;
            return typed;
        }
        throw type(member, "a structure");
    }

    /** A tag map (1 to 50 tags, keys and values as the model allows). */
    Map<String, String> tags(String member, boolean required) {
        Map<String, Object> raw = map(member);
        if (raw == null) {
            if (required) throw invalid("1 validation error detected: Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
            return null;
        }
        if (raw.isEmpty() || raw.size() > 50) throw constraint(member, raw, "Member must have length between 1 and 50");
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (!(v instanceof String s)) throw type(member, "string values");
            if (k.length() > 128 || !TAG_KEY.matcher(k).matches()) throw constraint(member + ".key", k, "Member must satisfy regular expression pattern: " + TAG_KEY.pattern());
            if (s.length() > 256 || !TAG_VALUE.matcher(s).matches()) throw constraint(member + ".value", s, "Member must satisfy regular expression pattern: " + TAG_VALUE.pattern());
            out.put(k, s);
        });
        return out;
    }
}
