package io.dockyard.core.port;

/** The state of a CloudWatch alarm by name (OK, ALARM, INSUFFICIENT_DATA), or null when there is no such alarm: for ECS deployment alarms. */
@FunctionalInterface
public interface AlarmStates {
    String state(String alarmName);

    /** How long the alarm needs to see a change: the bake time of a deployment it watches. */
    default java.time.Duration window(String alarmName) { return java.time.Duration.ZERO; }

    AlarmStates NONE = name -> null;
}
