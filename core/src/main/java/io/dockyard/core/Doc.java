package io.dockyard.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read access to a JSON document held as plain JDK values (Map, List, String, Number, Boolean),
 * with AWS-style validation errors when a member has the wrong type.
 */
public final class Doc {
    private Doc() {}

    public static String str(Map<String, ?> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return null;
        if (v instanceof String s) return s;
        throw AwsException.client("Expected a string for " + key + " but found " + typeName(v) + ".");
    }

    public static Integer integer(Map<String, ?> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return null;
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.intValue();
        throw AwsException.client("Expected an integer for " + key + " but found " + typeName(v) + ".");
    }

    /** A Double member (any JSON number). */
    public static Double number(Map<String, ?> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return null;
        if (v instanceof Number n) return n.doubleValue();
        throw AwsException.client("Expected a number for " + key + " but found " + typeName(v) + ".");
    }

    public static Boolean bool(Map<String, ?> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return null;
        if (v instanceof Boolean b) return b;
        throw AwsException.client("Expected a boolean for " + key + " but found " + typeName(v) + ".");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, ?> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return null;
        if (v instanceof Map<?, ?> mm) return (Map<String, Object>) mm;
        throw AwsException.client("Expected a structure for " + key + " but found " + typeName(v) + ".");
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, ?> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return (List<Object>) l;
        throw AwsException.client("Expected a list for " + key + " but found " + typeName(v) + ".");
    }

    /** The list member as structures; an element that is not a structure is a client error. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> maps(Map<String, ?> m, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list(m, key)) {
            if (!(o instanceof Map<?, ?> mm)) throw AwsException.client("Expected structures in " + key + ".");
            out.add((Map<String, Object>) mm);
        }
        return out;
    }

    public static List<String> strings(Map<String, ?> m, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(m, key)) {
            if (!(o instanceof String s)) throw AwsException.client("Expected strings in " + key + ".");
            out.add(s);
        }
        return out;
    }

    /** A deep, unmodifiable-safe copy (nested maps keep insertion order). */
    @SuppressWarnings("unchecked")
    public static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, val) -> c.put((String) k, deepCopy(val)));
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            for (Object o : l) c.add(deepCopy(o));
            return c;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> copyMap(Map<String, ?> m) {
        return m == null ? null : (Map<String, Object>) deepCopy(m);
    }

    private static String typeName(Object v) {
        if (v instanceof Map) return "a structure";
        if (v instanceof List) return "a list";
        if (v instanceof String) return "a string";
        if (v instanceof Number) return "a number";
        if (v instanceof Boolean) return "a boolean";
        return v.getClass().getSimpleName();
    }
}
