package io.dockyard.iam.policy;

import java.util.List;
import java.util.Map;

/**
 * Policy variables in resources and condition values: {@code ${aws:username}} and any other request key, with a default
 * ({@code ${aws:username, 'anonymous'}}) and the escapes {@code ${*}}, {@code ${?}} and {@code ${$}}. A variable the request
 * lacks and that has no default makes the element match nothing (it becomes a character no value contains).
 */
final class Variables {
    static final String NO_MATCH = "\u0000";
    private final Map<String, List<String>> context;

    Variables(Map<String, List<String>> context) { this.context = context; }

    String substitute(String s) {
        if (!s.contains("${")) return s;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int at = s.indexOf("${", i);
            int end = at < 0 ? -1 : s.indexOf('}', at);
            if (at < 0 || end < 0) {
                out.append(s, i, s.length());
                break;
            }
            out.append(s, i, at);
            String inner = s.substring(at + 2, end).trim();
            switch (inner) {
                case "*" -> out.append('*');
                case "?" -> out.append('?');
                case "$" -> out.append('$');
                default -> {
                    String key = inner, dflt = null;
                    int comma = inner.indexOf(',');
                    if (comma > 0) {
                        key = inner.substring(0, comma).trim();
                        String d = inner.substring(comma + 1).trim();
                        if (d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) dflt = d.substring(1, d.length() - 1);
                    }
                    List<String> v = Conditions.lookup(context, key);
                    out.append(v != null && !v.isEmpty() ? v.getFirst() : dflt != null ? dflt : NO_MATCH);
                }
            }
            i = end + 1;
        }
        return out.toString();
    }
}
