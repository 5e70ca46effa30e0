package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.AwsVpcConfiguration;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.model.TaskDefinitionSpec;
import io.dockyard.launch.LaunchRequest;
import io.dockyard.launch.LaunchTypes;
import io.dockyard.launch.Networks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edge of RunTask and StartTask: the members they share, validated as ECS does and parsed into a
 * typed {@link LaunchRequest}. The task definition must support the launch type; awsvpc (and so
 * FARGATE) needs an awsvpcConfiguration and every other network mode refuses one; overrides may only
 * name containers of the task definition.
 */
final class RunSpec {
    private RunSpec() {}

    /** Parses and validates the members RunTask and StartTask share; the tasks go to {@code target}. */
    static LaunchRequest parse(Ecs ecs, Cluster cluster, Map<String, Object> in, boolean startTask, LaunchRequest.Target target) {
        LaunchTypes.Resolved type = LaunchTypes.resolve(startTask ? "EC2" : Doc.str(in, "launchType"),
                startTask ? List.of() : Doc.maps(in, "capacityProviderStrategy"), cluster);
        String launchType = type.launchType();
        TaskDefinition td = resolve(ecs, Doc.str(in, "taskDefinition"));
        TaskDefinitionSpec spec = td.spec();
        if (!LaunchTypes.supports(td, launchType)) throw AwsException.client("Task definition does not support launch_type " + launchType + ".");

        AwsVpcConfiguration awsvpc = Networks.awsvpc(Networks.parse(Doc.map(in, "networkConfiguration"), spec.networkMode(), launchType));
        String platformVersion = LaunchTypes.platformVersion(launchType, Doc.str(in, "platformVersion"));
        var overrides = Overrides.parse(Doc.map(in, "overrides"), spec);
        String group = Doc.str(in, "group");
        if (group != null && group.length() > 255) throw AwsException.invalidParameter("group can be at most 255 characters.");
        String startedBy = Doc.str(in, "startedBy");
        if (startedBy != null && startedBy.length() > 128) throw AwsException.invalidParameter("startedBy can be at most 128 characters.");
        String referenceId = Doc.str(in, "referenceId");
        if (referenceId != null && referenceId.length() > 1024) throw AwsException.invalidParameter("referenceId can be at most 1024 characters.");
        String propagate = Doc.str(in, "propagateTags");
        if (propagate != null && !Set.of("TASK_DEFINITION", "SERVICE", "NONE").contains(propagate)) {
            throw AwsException.invalidParameter("propagateTags should be one of [TASK_DEFINITION,SERVICE,NONE].");
        }
        Boolean managed = Doc.bool(in, "enableECSManagedTags");
        Boolean exec = Doc.bool(in, "enableExecuteCommand");
        return new LaunchRequest(cluster, td, target, launchType, type.capacityProviderName(), platformVersion, overrides, group, startedBy,
                LaunchTypes.tags(Tags.parse(in, "tags"), propagate, td, cluster, managed != null && managed), awsvpc,
                exec != null && exec, null);
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
}
