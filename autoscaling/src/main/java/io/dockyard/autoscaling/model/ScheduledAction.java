package io.dockyard.autoscaling.model;

import java.time.Instant;

/** A scheduled action: at the times {@code schedule} names (in {@code timezone}), set the target's min and/or max capacity. */
public record ScheduledAction(String name, String arn, TargetKey target, String schedule, String timezone, Instant startTime, Instant endTime,
                              Integer minCapacity, Integer maxCapacity, Instant created) {}
