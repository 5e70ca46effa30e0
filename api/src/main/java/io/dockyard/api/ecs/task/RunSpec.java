package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Tag;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.model.TaskDefinitionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated RunTask/StartTask request: what every new task of the call shares. Validation follows
 * ECS: the task definition must support the launch type; awsvpc (and so FARGATE) needs an
 * awsvpcConfiguration and every other network mode refuses one; overrides may only name containers
 * of the task definition.
 */
public record RunSpec(
        Cluster cluster,
        TaskDefinition taskDefinition,
        TaskDefinitionSpec spec,
        String launchType,
        String capacityProviderName,
        Map<String, Object> overrides,
        String group,
        String startedBy,
        String referenceId,
        List<Tag> tags,
        Map<String, Object> awsvpc,
        boolean enableExecuteCommand,
        String platformVersion) {

    static final Set<String> LAUNCH_TYPES = Set.of("EC2", "FARGATE", "EXTERNAL");
    static final String FARGATE_PLATFORM_VERSION = "1.4.0";

    public boolean fargate() { return "FARGATE".equals(launchType); }

    /** Parses and validates the members RunTask and StartTask share. */
    public static RunSpec parse(Ecs ecs, Cluster cluster, Map<String, Object> in, boolean startTask) {
        String launchType = startTask ? "EC2" : Doc.str(in, "launchType");
        List<Map<String, Object>> strategy = startTask ? List.of() : Doc.maps(in, "capacityProviderStrategy");
        if (launchType != null && !strategy.isEmpty()) {
            throw AwsException.invalidParameter("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.");
        }
        if (launchType != null && !LAUNCH_TYPES.contains(launchType)) {
            throw AwsException.invalidParameter("launchType should be one of [EC2,FARGATE,EXTERNAL].");
        }
        String providerName = null;
        if (launchType == null) {
            if (strategy.isEmpty() && cluster.defaultCapacityProviderStrategy() != null) strategy = cluster.defaultCapacityProviderStrategy();
            if (!strategy.isEmpty()) {
                providerName = Doc.str(strategy.get(0), "capacityProvider");
                if (providerName == null || providerName.isBlank()) throw AwsException.invalidParameter("capacityProvider can not be blank.");
                launchType = providerName.startsWith("FARGATE") ? "FARGATE" : "EC2";
            } else {
                launchType = "EC2";
            }
        }
        TaskDefinition td = resolve(ecs, Doc.str(in, "taskDefinition"));
        TaskDefinitionSpec spec = td.spec();
        if (!supports(td, spec, launchType)) throw AwsException.client("Task definition does not support launch_type " + launchType + ".");

        Map<String, Object> awsvpc = network(in, spec, launchType);
        String platformVersion = Doc.str(in, "platformVersion");
        if (!"FARGATE".equals(launchType) && platformVersion != null) {
            throw AwsException.invalidParameter("The platform version must be null when specifying an " + launchType + " launch type.");
        }
        if ("FARGATE".equals(launchType)) platformVersion = platformVersion == null || "LATEST".equals(platformVersion) ? FARGATE_PLATFORM_VERSION : platformVersion;

        Map<String, Object> overrides = Overrides.validate(Doc.map(in, "overrides"), spec);
        String group = Doc.str(in, "group");
        if (group == null) group = "family:" + td.family();
        if (group.length() > 255) throw AwsException.invalidParameter("group can be at most 255 characters.");
        String startedBy = Doc.str(in, "startedBy");
        if (startedBy != null && startedBy.length() > 128) throw AwsException.invalidParameter("startedBy can be at most 128 characters.");
        String referenceId = Doc.str(in, "referenceId");
        if (referenceId != null && referenceId.length() > 1024) throw AwsException.invalidParameter("referenceId can be at most 1024 characters.");

        Boolean exec = Doc.bool(in, "enableExecuteCommand");
        return new RunSpec(cluster, td, spec, launchType, providerName, overrides, group, startedBy, referenceId,
                tags(in, td, cluster), awsvpc, exec != null && exec, platformVersion);
    }

    /** The task definition to run: unknown → ClientException "TaskDefinition not found.", as ECS answers RunTask. */
    static TaskDefinition resolve(Ecs ecs, String ref) {
        TaskDefinition td;
        try {
            td = ecs.taskDefinition(ref);
        } catch (AwsException e) {
            if (e.getMessage().startsWith("Unable to describe")) throw AwsException.client("TaskDefinition not found.");
            throw e;
        }
        if (!"ACTIVE".equals(td.status())) throw AwsException.client("TaskDefinition is inactive");
        return td;
    }

    static boolean supports(TaskDefinition td, TaskDefinitionSpec spec, String launchType) {
        List<String> compat = td.compatibilities();
        if (compat != null && !compat.isEmpty()) return compat.contains(launchType);
        return !"FARGATE".equals(launchType) || spec.requiresCompatibilities().contains("FARGATE");
    }

    private static Map<String, Object> network(Map<String, Object> in, TaskDefinitionSpec spec, String launchType) {
        Map<String, Object> nc = Doc.map(in, "networkConfiguration");
        Map<String, Object> awsvpc = Doc.map(nc, "awsvpcConfiguration");
        boolean needs = "awsvpc".equals(spec.networkMode()) || "FARGATE".equals(launchType);
        if (needs && awsvpc == null) throw AwsException.invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        if (!needs && awsvpc != null) throw AwsException.invalidParameter("Network Configuration is not valid for the given networkMode of this task definition.");
        if (awsvpc == null) return null;
        List<String> subnets = Doc.strings(awsvpc, "subnets");
        if (subnets.isEmpty()) throw AwsException.invalidParameter("subnets can not be empty.");
        if (subnets.size() > 16) throw AwsException.invalidParameter("subnets can have at most 16 items.");
        List<String> groups = Doc.strings(awsvpc, "securityGroups");
        if (groups.size() > 5) throw AwsException.invalidParameter("securityGroups can have at most 5 items.");
        String assign = Doc.str(awsvpc, "assignPublicIp");
        if (assign != null && !assign.equals("ENABLED") && !assign.equals("DISABLED")) {
            throw AwsException.invalidParameter("assignPublicIp should be one of [ENABLED,DISABLED].");
        }
        if ("ENABLED".equals(assign) && !"FARGATE".equals(launchType)) {
            throw AwsException.invalidParameter("Assign public IP is not supported for this launch type.");
        }
        return Doc.copyMap(awsvpc);
    }

    private static List<Tag> tags(Map<String, Object> in, TaskDefinition td, Cluster cluster) {
        List<Tag> tags = Tags.parse(in, "tags");
        String propagate = Doc.str(in, "propagateTags");
        if (propagate != null && !Set.of("TASK_DEFINITION", "SERVICE", "NONE").contains(propagate)) {
            throw AwsException.invalidParameter("propagateTags should be one of [TASK_DEFINITION,SERVICE,NONE].");
        }
        if ("TASK_DEFINITION".equals(propagate) && td.tags() != null) tags = Tags.merge(td.tags(), tags);
        Boolean managed = Doc.bool(in, "enableECSManagedTags");
        if (managed != null && managed) {
            List<Tag> withManaged = new ArrayList<>(tags);
            withManaged.add(new Tag("aws:ecs:clusterName", cluster.name()));
            tags = withManaged;
        }
        return tags;
    }
}
