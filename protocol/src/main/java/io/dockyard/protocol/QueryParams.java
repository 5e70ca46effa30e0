package io.dockyard.protocol;

import io.dockyard.core.AwsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of a parsed Query form ({@link QueryForm}), where every leaf is a string: integers and
 * booleans are parsed, and a malformed or missing required member is a {@code ValidationError}.
 */
public final class QueryParams {
    private QueryParams() {}

    public static AwsException validation(String message) { return new AwsException("ValidationError", 400, message); }

    public static String str(Map<String, ?> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return null;
        if (v instanceof String s) return s;
        throw validation("Expected a string for " + key + ".");
    }

    /** A member the operation requires; missing or empty is a ValidationError naming it as AWS does. */
    public static String required(Map<String, ?> m, String key) {
        String s = str(m, key);
        if (s == null || s.isEmpty()) throw validation("1 validation error detected: Value null at '" + lowerFirst(key) + "' failed to satisfy constraint: Member must not be null");
        return s;
    }

    public static Integer integer(Map<String, ?> m, String key) {
        String s = str(m, key);
        if (s == null || s.isEmpty()) return null;
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw validation("Value '" + s + "' at '" + lowerFirst(key) + "' failed to satisfy constraint: Member must be an integer");
        }
    }

    /** An integer member within [min, max] when present. */
    public static Integer integer(Map<String, ?> m, String key, int min, int max) {
        Integer v = integer(m, key);
        if (v != null && (v < min || v > max)) {
            throw validation("1 validation error detected: Value '" + v + "' at '" + lowerFirst(key) + "' failed to satisfy constraint: Member must have value "
                    + (v < min ? "greater than or equal to " + min : "less than or equal to " + max));
        }
        return v;
    }

    public static Boolean bool(Map<String, ?> m, String key) {
        String s = str(m, key);
        if (s == null || s.isEmpty()) return null;
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        throw validation("Value '" + s + "' at '" + lowerFirst(key) + "' failed to satisfy constraint: Member must be a boolean");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, ?> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null || "".equals(v)) return null;
        if (v instanceof Map<?, ?> mm) return (Map<String, Object>) mm;
        throw validation("Expected a structure for " + key + ".");
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, ?> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null || "".equals(v)) return List.of();
        if (v instanceof List<?> l) return (List<Object>) l;
        throw validation("Expected a list for " + key + ".");
    }

    /** Whether the member was sent at all (an empty list {@code Key=} counts as sent). */
    public static boolean present(Map<String, ?> m, String key) { return m != null && m.containsKey(key); }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> maps(Map<String, ?> m, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(m, key)) {
            if (!(o instanceof Map<?, ?> mm)) throw validation("Expected structures in " + key + ".");
            out.add((Map<String, Object>) mm);
        }
        return out;
    }

    public static List<String> strings(Map<String, ?> m, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(m, key)) {
            if (!(o instanceof String s)) throw validation("Expected strings in " + key + ".");
            out.add(s);
        }
        return out;
    }

    private static String lowerFirst(String s) { return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1); }
}
