package io.dockyard.scheduler;

/** The failure reasons ECS reports for a container instance, and the cluster-level ones. */
public final class Reasons {
    private Reasons() {}

    /** The instance's agent is disconnected. */
    public static final String AGENT = "AGENT";
    /** Not enough CPU units left on the instance. */
    public static final String CPU = "RESOURCE:CPU";
    /** Not enough memory left on the instance. */
    public static final String MEMORY = "RESOURCE:MEMORY";
    /** A static host port the task needs is reserved or used on the instance. */
    public static final String PORTS = "RESOURCE:PORTS";
    /** The instance does not satisfy a memberOf constraint. */
    public static final String ATTRIBUTE = "ATTRIBUTE";
    /** The instance already holds a task of the group (distinctInstance constraint). */
    public static final String DISTINCT_INSTANCE = "DISTINCT_INSTANCE";
    /** The instance does not exist (a plan names an unknown instance). */
    public static final String MISSING = "MISSING";
    /** The instance is not ACTIVE (DRAINING, deregistered): it takes no new task. */
    public static final String INACTIVE = "INACTIVE";
    /** The cluster has no ACTIVE container instance at all. */
    public static final String NO_CONTAINER_INSTANCES = "NO_CONTAINER_INSTANCES";
    /** The message ECS gives when a cluster has no container instance to place on. */
    public static final String NO_CONTAINER_INSTANCES_MESSAGE = "No Container Instances were found in your cluster.";
}
