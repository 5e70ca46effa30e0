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

    /** Parses an {@code application/x-www-form-urlencoded} body. */
    public static Map<String, Object> parse(String body) {
        Map<String, Object> tree = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) return tree;
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            put(tree, key.split("\\."), value);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) shape(tree);
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new io.dockyard.core.AwsException("MalformedQueryString", 400, "The query string is malformed: " + e.getMessage());
        }
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
            try {
                sorted.put(Integer.parseInt(k), shape(v));
            } catch (NumberFormatException e) {
                throw new io.dockyard.core.AwsException("MalformedQueryString", 400, "List index '" + k + "' is not a number.");
            }
        });
        return new ArrayList<>(sorted.values());
    }
}
