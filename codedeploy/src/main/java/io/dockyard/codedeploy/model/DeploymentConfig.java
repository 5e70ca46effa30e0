package io.dockyard.codedeploy.model;

import java.time.Instant;
import java.util.List;

/**
 * How an ECS deployment moves production traffic: AllAtOnce, TimeBasedCanary (percentage, then the
 * rest after the interval) or TimeBasedLinear (percentage every interval). The ECS predefined
 * configurations exist from the start.
 */
public record DeploymentConfig(String name, String id, String type, int percentage, int intervalMinutes, Instant createTime) {

    public static final List<DeploymentConfig> PREDEFINED = List.of(
            predefined("CodeDeployDefault.ECSAllAtOnce", "AllAtOnce", 0, 0),
            predefined("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", "TimeBasedLinear", 10, 1),
            predefined("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", "TimeBasedLinear", 10, 3),
            predefined("CodeDeployDefault.ECSCanary10Percent5Minutes", "TimeBasedCanary", 10, 5),
            predefined("CodeDeployDefault.ECSCanary10Percent15Minutes", "TimeBasedCanary", 10, 15));

    private static DeploymentConfig predefined(String name, String type, int percentage, int interval) {
        return new DeploymentConfig(name, java.util.UUID.nameUUIDFromBytes(name.getBytes()).toString(), type, percentage, interval, Instant.EPOCH);
    }

    public boolean isPredefined() { return name.startsWith("CodeDeployDefault."); }

    /**
     * The green share (percent) of production traffic {@code minutes} after the shift began: all at
     * once 100; canary {@code percentage} until the interval is over, then 100; linear
     * {@code percentage} more each interval, up to 100.
     */
    public int greenPercent(long minutes) {
        return switch (type) {
            case "TimeBasedCanary" -> minutes >= intervalMinutes ? 100 : percentage;
            case "TimeBasedLinear" -> (int) Math.min(100, (long) percentage * (1 + minutes / Math.max(1, intervalMinutes)));
            default -> 100;
        };
    }
}
