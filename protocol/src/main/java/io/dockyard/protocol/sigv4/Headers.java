package io.dockyard.protocol.sigv4;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Request headers with case-insensitive names, built defensively from whatever map the edge hands over: {@code null}
 * maps, names, lists and values are tolerated (a {@code null} value counts as empty). Values of names that differ only in
 * case are merged in the map's iteration order.
 */
final class Headers {
    private final TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private Headers() {}

    static Headers of(Map<String, List<String>> headers) {
        Headers h = new Headers();
        if (headers == null) return h;
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() == null) continue;
            List<String> values = h.byName.computeIfAbsent(e.getKey(), k -> new ArrayList<>(1));
            if (e.getValue() == null) continue;
            for (String v : e.getValue()) values.add(v == null ? "" : v);
        }
        return h;
    }

    /** All values of {@code name}, in order; empty if absent. */
    List<String> all(String name) {
        List<String> v = byName.get(name);
        return v == null ? List.of() : v;
    }

    /** The first value of {@code name}, or {@code null} if absent. */
    String first(String name) {
        List<String> v = byName.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The first value of {@code name} unless absent or blank, else {@code null}. */
    String firstNonBlank(String name) {
        String v = first(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** Whether {@code name} was sent more than once. */
    boolean repeated(String name) {
        return all(name).size() > 1;
    }
}
