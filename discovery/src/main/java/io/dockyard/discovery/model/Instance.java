package io.dockyard.discovery.model;

import java.time.Instant;
import java.util.Map;

/** A registered instance: its attributes (AWS_INSTANCE_IPV4, AWS_INSTANCE_PORT, custom ones) and its health. */
public record Instance(String serviceId, String id, Map<String, String> attributes, String health, Instant createdAt) {
    public String key() { return key(serviceId, id); }

    public static String key(String serviceId, String id) { return serviceId + "/" + id; }

    /** HEALTHY, UNHEALTHY, or UNKNOWN when the service has no health check. */
    public Instance withHealth(String h) { return new Instance(serviceId, id, attributes, h, createdAt); }
}
