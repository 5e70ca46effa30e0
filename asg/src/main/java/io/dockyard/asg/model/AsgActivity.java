package io.dockyard.asg.model;

import java.time.Instant;

/** One scaling activity of a group, as DescribeScalingActivities reports it. */
public record AsgActivity(String id, String group, String description, String cause, Instant start, Instant end, String statusCode, int progress) {}
