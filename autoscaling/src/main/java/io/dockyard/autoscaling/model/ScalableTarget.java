package io.dockyard.autoscaling.model;

import java.time.Instant;
import java.util.Map;

/** A registered scalable target: an ECS service's desired count, its bounds and what scaling is suspended. */
public record ScalableTarget(String namespace, String resourceId, String dimension, int minCapacity, int maxCapacity, String roleArn, Instant created,
                             Suspended suspended, String arn, Map<String, String> tags) {

    /** The three switches of SuspendedState. */
    public record Suspended(boolean dynamicIn, boolean dynamicOut, boolean scheduled) {
        public static final Suspended NONE = new Suspended(false, false, false);
    }

    public TargetKey key() { return new TargetKey(namespace, resourceId, dimension); }

    public ScalableTarget withBounds(int min, int max) {
        return new ScalableTarget(namespace, resourceId, dimension, min, max, roleArn, created, suspended, arn, tags);
    }

    public ScalableTarget with(int min, int max, String role, Suspended s) {
        return new ScalableTarget(namespace, resourceId, dimension, min, max, role, created, s, arn, tags);
    }

    public ScalableTarget withTags(Map<String, String> t) {
        return new ScalableTarget(namespace, resourceId, dimension, minCapacity, maxCapacity, roleArn, created, suspended, arn, Map.copyOf(t));
    }
}
