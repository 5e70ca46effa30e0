package io.dockyard.core.model;

/** ECS task lifecycle states, in order. A task only moves forward through them. */
public enum TaskStatus {
    PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED, DELETED;

    public boolean isAfter(TaskStatus other) { return ordinal() > other.ordinal(); }

    /** Whether a move from this state to {@code next} is forward (or a no-op). */
    public boolean canMoveTo(TaskStatus next) { return next.ordinal() >= ordinal(); }

    public boolean isTerminal() { return this == STOPPED || this == DELETED; }
}
