package io.dockyard.autoscaling.model;

import java.time.Instant;

/** One scaling activity, as DescribeScalingActivities reports it. */
public record Activity(String id, TargetKey target, String description, String cause, Instant start, Instant end, String status, String message,
                       String details) {}
