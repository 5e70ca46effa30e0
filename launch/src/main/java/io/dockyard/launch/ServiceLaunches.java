package io.dockyard.launch;

import io.dockyard.core.AwsException;
import io.dockyard.core.model.AwsVpcConfiguration;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.NetworkConfiguration;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.scheduler.Plan;
import io.dockyard.scheduler.PlacementRequest;
import io.dockyard.scheduler.Reasons;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;

/**
 * The service scheduler's launches: the {@link LaunchRequest} of a service's deployment (group
 * {@code service:<name>}, startedBy the deployment id, the service's placement, network and tags),
 * handed to {@link TaskLaunches}. A service keeps launching from a deregistered (INACTIVE) task
 * definition, as on ECS. Called inside the controller's store transaction.
 */
public final class ServiceLaunches {
    private final TaskLaunches launches;

    public ServiceLaunches(TaskLaunches launches) { this.launches = launches; }

    /**
     * Starts up to {@code count} tasks of the deployment: placed by the scheduler with the service's
     * constraints and strategy (spread over zones and instances by default), or, for a DAEMON, on the
     * instances that match its constraints and lack one. What cannot be placed comes back as failures.
     */
    public Launched launch(Service s, Deployment d, int count) {
        try {
            LaunchRequest request = request(s, d, count);
            if (request == null) return Launched.failed(new Plan.Failure(null, Reasons.MISSING, "The service's cluster or task definition is gone."));
            List<CapacityProviders.Item> strategy = LaunchTypes.resolve(d.launchType(), d.capacityProviderStrategy(), request.cluster()).strategy();
            return launches.launch(request, strategy, running(s, d));
        } catch (AwsException e) {
            return Launched.failed(new Plan.Failure(null, e.code(), e.getMessage()));
        }
    }

    /** The deployment's live tasks by capacity provider, for the strategy's split. */
    private Map<String, Integer> running(Service s, Deployment d) {
        Map<String, Integer> out = new HashMap<>();
        for (Task t : launches.store().list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(s.clusterArn(), s.group()))) {
            if (t.isStopped() || !"RUNNING".equals(t.desiredStatus()) || !d.id().equals(t.startedBy()) || t.capacityProviderName() == null) continue;
            out.merge(t.capacityProviderName(), 1, Integer::sum);
        }
        return out;
    }

    private LaunchRequest request(Service s, Deployment d, int count) {
        Cluster cluster = Clusters.cluster(launches.store(), s.clusterArn()).orElse(null);
        TaskDefinition td = Clusters.taskDefinition(launches.store(), d.taskDefinitionArn()).filter(t -> !t.deleteInProgress()).orElse(null);
        if (cluster == null || td == null) return null;
        LaunchTypes.Resolved type = LaunchTypes.resolve(d.launchType(), d.capacityProviderStrategy(), cluster);
        if (!LaunchTypes.supports(td, type.launchType())) throw AwsException.client("Task definition does not support launch_type " + type.launchType() + ".");
        LaunchRequest.Target target = s.isDaemon()
                ? new LaunchRequest.Daemon(count, s.placementConstraints())
                : new LaunchRequest.Scheduled(count, s.placementConstraints(),
                        s.placementStrategy() == null || s.placementStrategy().isEmpty() ? PlacementRequest.SERVICE_DEFAULT_STRATEGY : s.placementStrategy());
        String propagate = s.propagateTags();
        return new LaunchRequest(cluster, td, target, type.launchType(), type.capacityProviderName(),
                LaunchTypes.platformVersion(type.launchType(), "FARGATE".equals(type.launchType()) ? d.platformVersion() : null),
                null, s.group(), d.id(),
                LaunchTypes.tags("SERVICE".equals(propagate) ? s.tags() : List.of(), propagate, td, cluster, s.enableECSManagedTags()),
                awsvpc(d.networkConfiguration(), td, type.launchType()), s.enableExecuteCommand(), s.name());
    }

    /** The deployment's awsvpc configuration, checked against the task definition it launches. */
    private static AwsVpcConfiguration awsvpc(NetworkConfiguration nc, TaskDefinition td, String launchType) {
        AwsVpcConfiguration a = Networks.awsvpc(nc);
        boolean needs = "awsvpc".equals(td.spec().networkMode()) || "FARGATE".equals(launchType);
        if (needs && (a == null || a.subnets().isEmpty())) {
            throw AwsException.invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        }
        return needs ? a : null;
    }
}
