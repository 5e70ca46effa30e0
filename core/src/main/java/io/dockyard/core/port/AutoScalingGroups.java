package io.dockyard.core.port;

import java.util.List;
import java.util.Optional;

/** Auto Scaling groups as ECS managed scaling sees and drives them. */
public interface AutoScalingGroups {
    /** A group's bounds, desired capacity, host size and current instances (not terminating). */
    record Group(String name, int minSize, int maxSize, int desiredCapacity, int cpu, int memory, List<Member> instances) {}

    /** An instance of a group; {@code launchedAt} when the group launched it (null when unknown). */
    record Member(String id, String lifecycleState, boolean protectedFromScaleIn, java.time.Instant launchedAt) {}

    Optional<Group> group(String name);

    /** Sets the desired capacity (within min and max) with the activity's cause. */
    void setDesiredCapacity(String name, int desired, String cause);

    /**
     * A Spot interruption of an instance (EC2 Spot's two-minute notice): its container instance is set DRAINING, so its
     * service tasks move, and it leaves once they are gone; the group starts a replacement. False when no group has it.
     */
    default boolean interrupt(String instanceId) { return false; }

    /** Sets the scale-in protection of an instance of the group. */
    void protect(String name, String instanceId, boolean protectedFromScaleIn);

    AutoScalingGroups NONE = new AutoScalingGroups() {
        @Override public Optional<Group> group(String name) { return Optional.empty(); }
        @Override public void setDesiredCapacity(String name, int desired, String cause) {}
        @Override public void protect(String name, String instanceId, boolean p) {}
    };
}
