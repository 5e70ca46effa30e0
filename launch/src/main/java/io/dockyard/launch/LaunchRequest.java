package io.dockyard.launch;

import io.dockyard.core.model.AwsVpcConfiguration;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Tag;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.model.TaskDefinitionSpec;
import io.dockyard.core.model.TaskOverride;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to launch, checked and typed: RunTask and StartTask build it at the edge, the service
 * scheduler from a service's deployment ({@link ServiceLaunches}). Every task of one request shares
 * it. {@code target} says where the tasks go; {@code launchType} is EC2, EXTERNAL or FARGATE (which
 * needs no instance); {@code network} is the awsvpc configuration (null for the other network
 * modes); {@code serviceName} is set for a service's tasks.
 */
public record LaunchRequest(Cluster cluster, TaskDefinition taskDefinition, Target target,
                            String launchType, String capacityProviderName, String platformVersion,
                            TaskOverride overrides, String group, String startedBy, List<Tag> tags,
                            AwsVpcConfiguration network, boolean enableExecuteCommand, String serviceName) {

    public LaunchRequest {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(taskDefinition, "taskDefinition");
        Objects.requireNonNull(target, "target");
        tags = tags == null ? List.of() : List.copyOf(tags);
        if (group == null) group = "family:" + taskDefinition.family();
    }

    /** Where the tasks of a request go. */
    public sealed interface Target {}

    /**
     * {@code count} tasks placed by the scheduler with the ECS placementConstraints and
     * placementStrategy structures (validated by {@code Scheduler.validate}); an empty strategy is
     * RunTask's default (random).
     */
    public record Scheduled(int count, List<Map<String, Object>> constraints, List<Map<String, Object>> strategy) implements Target {
        public Scheduled {
            constraints = constraints == null ? List.of() : List.copyOf(constraints);
            strategy = strategy == null ? List.of() : List.copyOf(strategy);
        }
    }

    /** StartTask: one task on each of these container instances (ARNs), checked against what is left on it. */
    public record OnInstances(List<String> instanceArns) implements Target {
        public OnInstances { instanceArns = List.copyOf(instanceArns); }
    }

    /**
     * A DAEMON service: one task of the group on every ACTIVE instance that satisfies the memberOf
     * {@code constraints} and lacks one, at most {@code limit} of them.
     */
    public record Daemon(int limit, List<Map<String, Object>> constraints) implements Target {
        public Daemon { constraints = constraints == null ? List.of() : List.copyOf(constraints); }
    }

    public TaskDefinitionSpec spec() { return taskDefinition.spec(); }

    public boolean fargate() { return "FARGATE".equals(launchType); }

    /** The same request for tasks of another capacity provider. */
    public LaunchRequest on(String provider) {
        return new LaunchRequest(cluster, taskDefinition, target, launchType, provider, platformVersion, overrides,
                group, startedBy, tags, network, enableExecuteCommand, serviceName);
    }

    /** The same request aimed elsewhere. */
    public LaunchRequest to(Target other) {
        return new LaunchRequest(cluster, taskDefinition, other, launchType, capacityProviderName, platformVersion, overrides,
                group, startedBy, tags, network, enableExecuteCommand, serviceName);
    }
}
