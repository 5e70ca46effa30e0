package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An ECS cluster. Counts (running tasks, instances) are derived, never stored. */
public record Cluster(
        String arn,
        String name,
        String status,
        List<Map<String, Object>> settings,
        Map<String, Object> configuration,
        List<String> capacityProviders,
        List<Map<String, Object>> defaultCapacityProviderStrategy,
        Map<String, Object> serviceConnectDefaults,
        List<Tag> tags,
        Instant createdAt) {

    public Cluster withStatus(String s) {
        return new Cluster(arn, name, s, settings, configuration, capacityProviders, defaultCapacityProviderStrategy, serviceConnectDefaults, tags, createdAt);
    }

    public Cluster withSettings(List<Map<String, Object>> s) {
        return new Cluster(arn, name, status, s, configuration, capacityProviders, defaultCapacityProviderStrategy, serviceConnectDefaults, tags, createdAt);
    }

    public Cluster withConfiguration(Map<String, Object> c, Map<String, Object> scd) {
        return new Cluster(arn, name, status, settings, c, capacityProviders, defaultCapacityProviderStrategy, scd, tags, createdAt);
    }

    public Cluster withCapacityProviders(List<String> cps, List<Map<String, Object>> strategy) {
        return new Cluster(arn, name, status, settings, configuration, cps, strategy, serviceConnectDefaults, tags, createdAt);
    }

    public Cluster withTags(List<Tag> t) {
        return new Cluster(arn, name, status, settings, configuration, capacityProviders, defaultCapacityProviderStrategy, serviceConnectDefaults, t, createdAt);
    }
}
