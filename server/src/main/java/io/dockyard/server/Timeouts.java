package io.dockyard.server;

import java.time.Duration;

/**
 * How long an agent may stay silent before its instance shows disconnected
 * ({@code DOCKYARD_AGENT_TIMEOUT_SECONDS}, default 60), before the tasks on it count as lost and
 * services replace them ({@code DOCKYARD_TASK_LOST_SECONDS}, default 300, counted from the last
 * heartbeat), and how long one minute of a deployment's bake times lasts
 * ({@code DOCKYARD_DEPLOYMENT_MINUTE_SECONDS}, default 60; shorter in tests).
 */
record Timeouts(Duration agent, Duration taskLost, Duration deploymentMinute) {

    static Timeouts fromEnvironment() {
        return new Timeouts(seconds("DOCKYARD_AGENT_TIMEOUT_SECONDS", 60), seconds("DOCKYARD_TASK_LOST_SECONDS", 300),
                seconds("DOCKYARD_DEPLOYMENT_MINUTE_SECONDS", 60));
    }

    /** The upkeep period: often enough to notice a silent agent within a fraction of its timeout. */
    Duration housekeeping() {
        Duration quarter = agent.dividedBy(4);
        if (quarter.isZero()) return Duration.ofMillis(250);
        return quarter.compareTo(Duration.ofSeconds(15)) < 0 ? quarter : Duration.ofSeconds(15);
    }

    private static Duration seconds(String name, long fallback) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) return Duration.ofSeconds(fallback);
        try {
            return Duration.ofMillis((long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of seconds, not '" + v + "'");
        }
    }
}
