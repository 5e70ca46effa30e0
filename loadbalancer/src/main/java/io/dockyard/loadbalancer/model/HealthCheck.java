package io.dockyard.loadbalancer.model;

/** A target group's health check settings. {@code port} is {@code traffic-port} or a number. */
public record HealthCheck(
        boolean enabled,
        String protocol,
        String port,
        String path,
        int intervalSeconds,
        int timeoutSeconds,
        int healthyThreshold,
        int unhealthyThreshold,
        String matcher) {
}
