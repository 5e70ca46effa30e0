package io.dockyard.api.ecs;

import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.launch.TaskLaunches;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * What every ECS operation shares: the store, the change signal that wakes agents and controllers,
 * the clock, and the lookups every handler needs (cluster by name or ARN, task definition by
 * family, family:revision or ARN).
 */
public final class Ecs {
    private final Store store;
    private volatile boolean closing;
    private final Clock clock;
    private final String availabilityZone;
    private final TaskLaunches launches;

    public Ecs(Store store, Clock clock, String availabilityZone) {
        this.store = Objects.requireNonNull(store, "store is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.availabilityZone = availabilityZone;
        this.launches = new TaskLaunches(store, clock, availabilityZone);
    }

    public Store store() { return store; }

    private volatile io.dockyard.core.port.AutoScalingGroups groups = io.dockyard.core.port.AutoScalingGroups.NONE;
    private volatile io.dockyard.api.ecs.taskdef.HostSafety hostSafety = io.dockyard.api.ecs.taskdef.HostSafety.ANY;

    /** What task definitions may ask of the host (secure mode's limits; everything in local mode). */
    public io.dockyard.api.ecs.taskdef.HostSafety hostSafety() { return hostSafety; }

    public Ecs hostSafety(io.dockyard.api.ecs.taskdef.HostSafety h) {
        this.hostSafety = h;
        return this;
    }

    private volatile String endpoint = "http://localhost:4566/";

    /** The URL agents reach this control plane at (DiscoverPollEndpoint's answer). */
    public String endpoint() { return endpoint; }

    public Ecs endpoint(String url) {
        this.endpoint = url.endsWith("/") ? url : url + "/";
        return this;
    }

    /** The Auto Scaling groups capacity providers wrap (EC2 Auto Scaling, when it runs). */
    public io.dockyard.core.port.AutoScalingGroups autoScalingGroups() { return groups; }

    public Ecs autoScalingGroups(io.dockyard.core.port.AutoScalingGroups g) {
        this.groups = g;
        return this;
    }
    private volatile io.dockyard.core.port.CloudMapNamespaces namespaces = io.dockyard.core.port.CloudMapNamespaces.NONE;

    /** Cloud Map's namespaces (ListServicesByNamespace). */
    public io.dockyard.core.port.CloudMapNamespaces namespaces() { return namespaces; }

    public Ecs namespaces(io.dockyard.core.port.CloudMapNamespaces n) {
        this.namespaces = n;
        return this;
    }

    /** True once the control plane is shutting down: long polls answer at once. */
    public boolean closing() { return closing; }
    /** Marks the control plane as shutting down. */
    public void closing(boolean value) { closing = value; }
    public Instant now() { return clock.instant(); }
    public String availabilityZone() { return availabilityZone; }
    /** The application layer that launches tasks (RunTask, StartTask and the service scheduler). */
    public TaskLaunches launches() { return launches; }

    /** The ACTIVE cluster named by name or ARN ({@code default} when null), or ClusterNotFoundException. */
    public Cluster cluster(RequestContext ctx, String nameOrArn) {
        String name = Arns.clusterName(nameOrArn == null || nameOrArn.isEmpty() ? "default" : nameOrArn);
        return store.get(Kinds.CLUSTER, name).filter(c -> "ACTIVE".equals(c.status()) || "PROVISIONING".equals(c.status()))
                .orElseThrow(AwsException::clusterNotFound);
    }

    /**
     * The task definition named by {@code family} (latest ACTIVE revision), {@code family:revision} or
     * its ARN. Unknown or DELETE_IN_PROGRESS → ClientException, as ECS answers.
     */
    public TaskDefinition taskDefinition(String ref) {
        return taskDefinition(ref, false);
    }

    /**
     * As {@link #taskDefinition(String)}; with {@code includeDeleting} a {@code family:revision} in
     * DELETE_IN_PROGRESS (deleted, still referenced by tasks) is found too.
     */
    public TaskDefinition taskDefinition(String ref, boolean includeDeleting) {
        TaskDefinitionRef r = TaskDefinitionRef.parse(ref);
        if (r.revision() != null) {
            return store.get(Kinds.TASK_DEFINITION, r.key())
                    .filter(td -> includeDeleting || !td.deleteInProgress())
                    .orElseThrow(() -> AwsException.client("Unable to describe task definition."));
        }
        return store.list(Kinds.TASK_DEFINITION, td -> td.family().equals(r.family()) && "ACTIVE".equals(td.status())).stream()
                .max(Comparator.comparingInt(TaskDefinition::revision))
                .orElseThrow(() -> AwsException.client("Unable to describe task definition."));
    }
}
