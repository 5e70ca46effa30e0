package io.dockyard.loadbalancer.api;

import io.dockyard.loadbalancer.ElbErrors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.dockyard.protocol.QueryParams.map;
import static io.dockyard.protocol.QueryParams.maps;
import static io.dockyard.protocol.QueryParams.str;
import static io.dockyard.protocol.QueryParams.strings;

/**
 * Rule conditions (path-pattern, host-header, http-header, http-request-method, query-string,
 * source-ip), validated and normalised: both the legacy {@code Values} and the typed config are
 * filled for path-pattern and host-header, as ELB answers.
 */
public final class Conditions {
    private Conditions() {}

    private static final Set<String> FIELDS = Set.of("path-pattern", "host-header", "http-header", "http-request-method", "query-string", "source-ip");

    public static List<Map<String, Object>> normalize(List<Map<String, Object>> in) {
        if (in.isEmpty()) throw ElbErrors.validation("A rule must have at least one condition");
        List<Map<String, Object>> out = new ArrayList<>();
        int values = 0;
        for (Map<String, Object> c : in) {
            String field = str(c, "Field");
            if (field == null || !FIELDS.contains(field)) throw ElbErrors.validation("Condition field '" + field + "' must be one of " + FIELDS);
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("Field", field);
            switch (field) {
                case "path-pattern" -> values += simple(c, n, "PathPatternConfig", true);
                case "host-header" -> values += simple(c, n, "HostHeaderConfig", true);
                case "http-request-method" -> values += simple(c, n, "HttpRequestMethodConfig", false);
                case "source-ip" -> values += simple(c, n, "SourceIpConfig", false);
                case "http-header" -> {
                    Map<String, Object> cfg = map(c, "HttpHeaderConfig");
                    String name = str(cfg, "HttpHeaderName");
                    List<String> v = strings(cfg, "Values");
                    if (name == null || name.isEmpty() || v.isEmpty()) throw ElbErrors.validation("An http-header condition needs HttpHeaderConfig with a header name and values");
                    n.put("HttpHeaderConfig", new LinkedHashMap<>(Map.of("HttpHeaderName", name, "Values", v)));
                    values += v.size();
                }
                case "query-string" -> {
                    List<Map<String, Object>> pairs = new ArrayList<>();
                    for (Map<String, Object> kv : maps(map(c, "QueryStringConfig"), "Values")) {
                        String value = str(kv, "Value");
                        if (value == null || value.isEmpty()) throw ElbErrors.validation("A query-string condition value must not be empty");
                        Map<String, Object> p = new LinkedHashMap<>();
                        if (str(kv, "Key") != null) p.put("Key", str(kv, "Key"));
                        p.put("Value", value);
                        pairs.add(p);
                    }
                    if (pairs.isEmpty()) throw ElbErrors.validation("A query-string condition needs QueryStringConfig values");
                    n.put("QueryStringConfig", new LinkedHashMap<>(Map.of("Values", pairs)));
                    values += pairs.size();
                }
                default -> throw new IllegalStateException(field);
            }
            out.add(n);
        }
        if (values > 5) throw new io.dockyard.core.AwsException("TooManyConditionValues", 400, "A rule can have at most 5 condition values");
        return out;
    }

    private static int simple(Map<String, Object> c, Map<String, Object> n, String configName, boolean legacyValues) {
        List<String> v = strings(c, "Values");
        List<String> cv = strings(map(c, configName), "Values");
        if (!v.isEmpty() && !cv.isEmpty()) throw ElbErrors.validation("Specify either Values or " + configName + ", not both");
        List<String> values = v.isEmpty() ? cv : v;
        if (values.isEmpty()) throw ElbErrors.validation("Condition '" + n.get("Field") + "' needs at least one value");
        for (String s : values) if (s.length() > 128) throw ElbErrors.validation("A condition value must be at most 128 characters");
        if (legacyValues) n.put("Values", values);
        n.put(configName, new LinkedHashMap<>(Map.of("Values", values)));
        return values.size();
    }
}
