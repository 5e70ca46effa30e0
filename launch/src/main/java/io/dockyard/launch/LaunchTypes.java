package io.dockyard.launch;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Tag;
import io.dockyard.core.model.TaskDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What RunTask and a service's deployment resolve the same way: the launch type (given, else from
 * the capacity provider strategy, else the cluster's default strategy, else EC2), whether the task
 * definition supports it, the Fargate platform version, and the tags a new task gets.
 */
public final class LaunchTypes {
    public static final Set<String> LAUNCH_TYPES = Set.of("EC2", "FARGATE", "EXTERNAL");
    public static final String FARGATE_PLATFORM_VERSION = "1.4.0";

    private LaunchTypes() {}

    /** A launch type and, when it came from a capacity provider strategy, the strategy (its first provider's name for one task). */
    public record Resolved(String launchType, String capacityProviderName, List<CapacityProviders.Item> strategy) {
        public Resolved(String launchType, String capacityProviderName) { this(launchType, capacityProviderName, List.of()); }
    }

    public static Resolved resolve(String launchType, List<Map<String, Object>> strategy, Cluster cluster) {
        strategy = strategy == null ? List.of() : strategy;
        if (launchType != null && !strategy.isEmpty()) {
            throw AwsException.invalidParameter("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.");
        }
        if (launchType != null && !LAUNCH_TYPES.contains(launchType)) {
            throw AwsException.invalidParameter("launchType should be one of [EC2,FARGATE,EXTERNAL].");
        }
        if (launchType != null) return new Resolved(launchType, null);
        List<CapacityProviders.Item> items = CapacityProviders.parse(strategy);
        if (!items.isEmpty()) CapacityProviders.onCluster(items, cluster);
        if (items.isEmpty() && cluster.defaultCapacityProviderStrategy() != null) items = CapacityProviders.parse(cluster.defaultCapacityProviderStrategy());
        if (items.isEmpty()) return new Resolved("EC2", null);
        String provider = items.getFirst().provider();
        return new Resolved(CapacityProviders.BUILT_IN.contains(provider) ? "FARGATE" : "EC2", provider, items);
    }

    /** Whether the task definition can run with the launch type. */
    public static boolean supports(TaskDefinition td, String launchType) {
        List<String> compat = td.compatibilities();
        if (compat != null && !compat.isEmpty()) return compat.contains(launchType);
        return !"FARGATE".equals(launchType) || td.spec().requiresCompatibilities().contains("FARGATE");
    }

    /** The platform version a task runs on: FARGATE's (LATEST = {@value #FARGATE_PLATFORM_VERSION}); none for the others. */
    public static String platformVersion(String launchType, String requested) {
        if (!"FARGATE".equals(launchType) && requested != null) {
            throw AwsException.invalidParameter("The platform version must be null when specifying an " + launchType + " launch type.");
        }
        if (!"FARGATE".equals(launchType)) return null;
        return requested == null || "LATEST".equals(requested) ? FARGATE_PLATFORM_VERSION : requested;
    }

    /**
     * The tags of a new task: the task definition's when propagated from it, then {@code given} (a
     * service's own tags when it propagates SERVICE), then {@code aws:ecs:clusterName} when ECS managed
     * tags are on.
     */
    public static List<Tag> tags(List<Tag> given, String propagate, TaskDefinition td, Cluster cluster, boolean managed) {
        List<Tag> tags = given;
        if ("TASK_DEFINITION".equals(propagate) && td.tags() != null) tags = Tag.merge(td.tags(), tags);
        if (managed) {
            List<Tag> withManaged = new ArrayList<>(tags);
            withManaged.add(new Tag("aws:ecs:clusterName", cluster.name()));
            tags = withManaged;
        }
        return tags;
    }
}
