package io.dockyard.core.model;

import io.dockyard.core.Doc;

import java.util.Map;

/**
 * The typed view of a service's deploymentConfiguration; {@code raw} keeps every member as sent.
 * Defaults as ECS: maximumPercent 200, minimumHealthyPercent 100 (REPLICA) or 0 (DAEMON). {@code alarms}:
 * the CloudWatch alarms that fail a deployment (and roll it back when {@code alarmsRollback}) when one
 * goes to ALARM while it is in progress.
 */
public record DeploymentConfig(int maximumPercent, int minimumHealthyPercent, boolean circuitBreakerEnabled,
                               boolean circuitBreakerRollback, String strategy, int bakeTimeInMinutes, Map<String, Object> raw,
                               java.util.List<String> alarmNames, boolean alarmsEnabled, boolean alarmsRollback) {

    public static DeploymentConfig parse(Map<String, Object> raw, boolean daemon) {
        Integer max = Doc.integer(raw, "maximumPercent");
        Integer min = Doc.integer(raw, "minimumHealthyPercent");
        Map<String, Object> cb = Doc.map(raw, "deploymentCircuitBreaker");
        Boolean enable = Doc.bool(cb, "enable");
        Boolean rollback = Doc.bool(cb, "rollback");
        String strategy = Doc.str(raw, "strategy");
        Integer bake = Doc.integer(raw, "bakeTimeInMinutes");
        Map<String, Object> alarms = Doc.map(raw, "alarms");
        Boolean alarmsOn = Doc.bool(alarms, "enable"), alarmsBack = Doc.bool(alarms, "rollback");
        return new DeploymentConfig(max == null ? (daemon ? 100 : 200) : max, min == null ? (daemon ? 0 : 100) : min,
                enable != null && enable, rollback != null && rollback, strategy == null ? "ROLLING" : strategy,
                bake == null ? 0 : bake, raw, alarms == null ? java.util.List.of() : Doc.strings(alarms, "alarmNames"),
                alarmsOn != null && alarmsOn, alarmsBack != null && alarmsBack);
    }
}
