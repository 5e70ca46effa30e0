package io.dockyard.loadbalancer;

/**
 * A target's health as DescribeTargetHealth reports it: state initial, healthy, unhealthy, unused,
 * draining or unavailable, with AWS's reason code (e.g. {@code Target.Timeout}) and description.
 */
public record TargetHealth(String id, int port, String state, String reason, String description) {
    public boolean healthy() { return "healthy".equals(state); }
}
