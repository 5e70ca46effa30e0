package io.dockyard.loadbalancer.model;

import java.util.Map;

/** A target group: protocol and port of its targets, their type, the health check and the attributes. */
public record TargetGroup(
        String arn,
        String name,
        String protocol,
        String protocolVersion,
        Integer port,
        String vpcId,
        String targetType,
        String ipAddressType,
        HealthCheck healthCheck,
        Map<String, String> attributes) {

    public TargetGroup withHealthCheck(HealthCheck h) {
        return new TargetGroup(arn, name, protocol, protocolVersion, port, vpcId, targetType, ipAddressType, h, attributes);
    }

    public TargetGroup withAttributes(Map<String, String> a) {
        return new TargetGroup(arn, name, protocol, protocolVersion, port, vpcId, targetType, ipAddressType, healthCheck, a);
    }

    public String attribute(String key) { return attributes.get(key); }

    public int intAttribute(String key, int fallback) {
        try {
            return Integer.parseInt(attributes.getOrDefault(key, Integer.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
