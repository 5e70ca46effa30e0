package io.dockyard.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AWS Query protocol's form body as nested values: {@code Names.member.1=a} becomes
 * {@code {"Names": ["a"]}}, {@code Tags.member.1.Key=k} a list of structures, and
 * {@code Attrs.entry.1.key=k&Attrs.entry.1.value=v} a map. Leaves stay strings.
 */
public final class QueryForm {
    private QueryForm() {}

    /**
     * Caps on what one request may carry (the body cap bounds the bytes; these bound the work and the
     * tree): parameters, segments of one name ({@code A.member.1.B.member.2.C} has 6), name length and
     * list index. ELBv2's largest inputs (RegisterTargets, SetRulePriorities) stay far below them; CloudWatch's
     * PutMetricData (1,000 metrics with their dimensions, values and counts) is the largest: up to about 40,000.
     */
    public static final int MAX_PARAMETERS = 50_000;
    public static final int MAX_NAME_SEGMENTS = 12;
    public static final int MAX_NAME_LENGTH = 512;
    public static final int MAX_INDEX = 10_000;

    /** Parses an {@code application/x-www-form-urlencoded} body. */
    public static Map<String, Object> parse(String body) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) return tree;
        int count = 0;
        int from = 0;
        while (from <= body.length()) {
            int amp = body.indexOf('&', from);
            if (amp < 0) amp = body.length();
            String pair = body.substring(from, amp);
            from = amp + 1;
            if (pair.isEmpty()) continue;
            if (++count > MAX_PARAMETERS) throw malformed("The request has more than " + MAX_PARAMETERS + " parameters.");
            int eq = pair.indexOf('=');
            String rawKey = eq < 0 ? pair : pair.substring(0, eq);
            if (rawKey.length() > MAX_NAME_LENGTH * 3) throw malformed("A parameter name is longer than " + MAX_NAME_LENGTH + " characters.");
            String key = decode(rawKey);
            if (key.length() > MAX_NAME_LENGTH) throw malformed("A parameter name is longer than " + MAX_NAME_LENGTH + " characters.");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            String[] path = key.split("\\.", MAX_NAME_SEGMENTS + 1);
            if (path.length > MAX_NAME_SEGMENTS) throw malformed("Parameter " + key + " is nested deeper than " + MAX_NAME_SEGMENTS + " levels.");
            put(tree, path, value);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) shape(tree);
        return out;
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed("The query string is malformed: " + e.getMessage());
        }
    }

    private static io.dockyard.core.AwsException malformed(String message) {
        return new io.dockyard.core.AwsException("MalformedQueryString", 400, message);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] path, String value) {
        Map<String, Object> cur = node;
        for (int i = 0; i < path.length - 1; i++) {
            Object next = cur.get(path[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                cur.put(path[i], next);
            }
            cur = (Map<String, Object>) next;
        }
        String last = path[path.length - 1];
        if (!(cur.get(last) instanceof Map)) cur.put(last, value);
    }

    /** Turns {@code member.N} nodes into lists and {@code entry.N.key/value} nodes into maps. */
    @SuppressWarnings("unchecked")
    private static Object shape(Object node) {
        if (!(node instanceof Map<?, ?> raw)) return node;
        Map<String, Object> m = (Map<String, Object>) raw;
        if (m.size() == 1 && m.get("member") instanceof Map<?, ?> members) return indexed((Map<String, Object>) members);
        if (m.size() == 1 && m.get("entry") instanceof Map<?, ?> entries) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Object e : indexed((Map<String, Object>) entries)) {
                if (e instanceof Map<?, ?> kv && kv.get("key") instanceof String k) out.put(k, kv.get("value"));
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, shape(v)));
        return out;
    }

    private static List<Object> indexed(Map<String, Object> byIndex) {
        TreeMap<Integer, Object> sorted = new TreeMap<>();
        byIndex.forEach((k, v) -> {
            int index;
            try {
                index = Integer.parseInt(k);
            } catch (NumberFormatException e) {
                throw malformed("List index '" + k + "' is not a number.");
            }
            if (index < 1 || index > MAX_INDEX) throw malformed("List index " + index + " is not between 1 and " + MAX_INDEX + ".");
            sorted.put(index, shape(v));
        });
        return new ArrayList<>(sorted.values());
    }
}
