package io.dockyard.launch;

import io.dockyard.core.Arns;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.ContainerSpec;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskOverride;
import io.dockyard.scheduler.Demand;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the record of a task ECS has just accepted: PROVISIONING, desired RUNNING, containers PENDING. */
final class NewTasks {
    private NewTasks() {}

    /** A new task of the request, placed on {@code instance} (null for FARGATE). */
    static Task create(LaunchRequest run, ContainerInstance instance, String defaultZone, Instant now) {
        Arns arns = Arns.sameAs(run.cluster().arn());
        String id = Arns.newId();
        String taskArn = arns.task(run.cluster().name(), id);
        TaskOverride overrides = run.overrides() == null ? TaskOverride.NONE : run.overrides();
        Demand demand = TaskDemand.of(run.spec(), overrides);
        List<Container> containers = new ArrayList<>();
        for (ContainerSpec c : run.spec().containers()) {
            TaskOverride.Size size = overrides.size(c);
            containers.add(new Container.Builder()
                    .containerArn(arns.container(run.cluster().name(), id, UUID.randomUUID().toString()))
                    .name(c.name())
                    .image(c.image())
                    .lastStatus("PENDING")
                    .healthStatus("UNKNOWN")
                    .cpu(Integer.toString(size.cpu()))
                    .memory(str(size.memory()))
                    .memoryReservation(str(size.memoryReservation()))
                    .build());
        }
        String zone = instance != null && instance.attribute("ecs.availability-zone") != null ? instance.attribute("ecs.availability-zone") : defaultZone;
        return new Task.Builder()
                .taskArn(taskArn)
                .clusterArn(run.cluster().arn())
                .taskDefinitionArn(run.taskDefinition().arn())
                .containerInstanceArn(instance == null ? null : instance.arn())
                .launchType(run.launchType())
                .capacityProviderName(run.capacityProviderName())
                .lastStatus("PROVISIONING")
                .desiredStatus("RUNNING")
                .group(run.group())
                .startedBy(run.startedBy())
                .cpu(Long.toString(demand.cpu()))
                .memory(Long.toString(demand.memory()))
                .overrides(run.overrides())
                .containers(containers)
                .attachments(run.network() == null ? List.of() : List.of(eni(run.network().subnets().get(0))))
                .tags(run.tags())
                .availabilityZone(zone)
                .connectivity("CONNECTED")
                .connectivityAt(now)
                .healthStatus("UNKNOWN")
                .platformVersion(run.platformVersion())
                .enableExecuteCommand(run.enableExecuteCommand())
                .createdAt(now)
                .version(1)
                .serviceName(run.serviceName())
                .build();
    }

    /** The awsvpc ElasticNetworkInterface attachment as ECS shows it before the ENI exists. */
    private static Map<String, Object> eni(String subnet) {
        List<Object> details = new ArrayList<>();
        details.add(Map.of("name", "subnetId", "value", subnet));
        return new LinkedHashMap<>(Map.of(
                "id", UUID.randomUUID().toString(),
                "type", "ElasticNetworkInterface",
                "status", "PRECREATED",
                "details", details));
    }

    private static String str(Integer v) { return v == null ? null : v.toString(); }
}
