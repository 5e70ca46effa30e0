package io.dockyard.api.ecs.cluster;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The cluster settings ECS knows: containerInsights = enabled | disabled | enhanced. */
final class ClusterSettings {
    private static final Set<String> VALUES = Set.of("enabled", "disabled", "enhanced");

    private ClusterSettings() {}

    /** A new cluster's settings before the ones it is created with: containerInsights as the account setting says. */
    static List<Map<String, Object>> defaults(String containerInsights) {
        return List.of(Map.of("name", "containerInsights", "value", containerInsights));
    }

    static List<Map<String, Object>> apply(List<Map<String, Object>> current, List<Map<String, Object>> changes) {
        Map<String, Object> byName = new LinkedHashMap<>();
        current.forEach(s -> byName.put((String) s.get("name"), s.get("value")));
        for (Map<String, Object> s : changes) {
            String name = Doc.str(s, "name");
            String value = Doc.str(s, "value");
            if (!"containerInsights".equals(name)) throw AwsException.invalidParameter("Unsupported cluster setting name: " + name);
            if (value == null || !VALUES.contains(value)) throw AwsException.invalidParameter("Invalid value for containerInsights: " + value + ". Valid values: enabled, disabled, enhanced.");
            byName.put(name, value);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        byName.forEach((k, v) -> out.add(Map.of("name", k, "value", v)));
        return out;
    }
}
