package io.dockyard.asg.model;

import io.dockyard.core.model.Tag;

import java.time.Instant;
import java.util.List;

/**
 * An Auto Scaling group of Dockyard hosts: its bounds and desired capacity, the host size each instance
 * offers (from the launch template name or the {@code dockyard:cpu} / {@code dockyard:memory} tags),
 * and its instances.
 */
public record AutoScalingGroup(String name, String arn, int minSize, int maxSize, int desiredCapacity, String launchTemplateName, int cpu, int memory,
                               boolean newInstancesProtectedFromScaleIn, List<Instance> instances, List<Tag> tags, Instant createdTime, String status) {

    public static final String IN_SERVICE = "InService", PENDING = "Pending", TERMINATING = "Terminating", TERMINATING_WAIT = "Terminating:Wait";

    /** One instance: its id (the container instance's ec2InstanceId), lifecycle state and scale-in protection. */
    public record Instance(String id, String lifecycleState, boolean protectedFromScaleIn, Instant launchedAt) {
        public Instance withState(String s) { return new Instance(id, s, protectedFromScaleIn, launchedAt); }
        public Instance withProtection(boolean p) { return new Instance(id, lifecycleState, p, launchedAt); }
        public boolean leaving() { return lifecycleState.startsWith(TERMINATING); }
    }

    /** The instances not on their way out. */
    public List<Instance> current() { return instances.stream().filter(i -> !i.leaving()).toList(); }

    public AutoScalingGroup with(int min, int max, int desired) {
        return new AutoScalingGroup(name, arn, min, max, desired, launchTemplateName, cpu, memory, newInstancesProtectedFromScaleIn, instances, tags, createdTime, status);
    }

    public AutoScalingGroup withInstances(List<Instance> list) {
        return new AutoScalingGroup(name, arn, minSize, maxSize, desiredCapacity, launchTemplateName, cpu, memory, newInstancesProtectedFromScaleIn, List.copyOf(list), tags,
                createdTime, status);
    }

    public AutoScalingGroup withStatus(String s) {
        return new AutoScalingGroup(name, arn, minSize, maxSize, desiredCapacity, launchTemplateName, cpu, memory, newInstancesProtectedFromScaleIn, instances, tags, createdTime, s);
    }

    public AutoScalingGroup withProtectionDefault(boolean p) {
        return new AutoScalingGroup(name, arn, minSize, maxSize, desiredCapacity, launchTemplateName, cpu, memory, p, instances, tags, createdTime, status);
    }
}
