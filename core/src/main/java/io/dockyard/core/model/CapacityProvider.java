package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;

/**
 * An ECS capacity provider that wraps an Auto Scaling group: managed scaling keeps the group's size at
 * what the cluster's tasks need ({@code targetCapacity} percent of it in use), managed termination
 * protection keeps instances with tasks out of scale-in, managed draining drains an instance before it
 * goes.
 */
public record CapacityProvider(String name, String arn, String status, String autoScalingGroupArn, ManagedScaling managedScaling,
                               boolean managedTerminationProtection, boolean managedDraining, List<Tag> tags, String updateStatus, Instant createdAt) {

    /** Managed scaling: ENABLED or DISABLED, the target percentage, the step sizes and the warm-up of a new instance. */
    public record ManagedScaling(boolean enabled, int targetCapacity, int minimumScalingStepSize, int maximumScalingStepSize, int instanceWarmupPeriod) {
        public static final ManagedScaling DEFAULT = new ManagedScaling(false, 100, 1, 10_000, 300);
    }

    /** The Auto Scaling group's name, from its ARN ({@code …:autoScalingGroupName/<name>}) or as given. */
    public String groupName() {
        int i = autoScalingGroupArn.indexOf("autoScalingGroupName/");
        return i < 0 ? autoScalingGroupArn : autoScalingGroupArn.substring(i + "autoScalingGroupName/".length());
    }

    public CapacityProvider with(ManagedScaling ms, boolean protection, boolean draining) {
        return new CapacityProvider(name, arn, status, autoScalingGroupArn, ms, protection, draining, tags, "UPDATE_COMPLETE", createdAt);
    }

    public CapacityProvider withTags(List<Tag> t) {
        return new CapacityProvider(name, arn, status, autoScalingGroupArn, managedScaling, managedTerminationProtection, managedDraining, t, updateStatus, createdAt);
    }
}
