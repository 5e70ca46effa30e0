package io.dockyard.loadbalancer.model;

import java.time.Instant;

/** A target registered with a target group: its id (instance id or IP), port and availability zone. */
public record Registration(String targetGroupArn, String id, int port, String availabilityZone, Instant registeredAt) {
    public String key() { return key(targetGroupArn, id, port); }

    public static String key(String targetGroupArn, String id, int port) { return targetGroupArn + "|" + id + "|" + port; }
}
