package io.dockyard.api.ecs.task;

import io.dockyard.core.Arns;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.ContainerSpec;
import io.dockyard.core.model.Task;
import io.dockyard.scheduler.Demand;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the record of a task ECS has just accepted: PROVISIONING, desired RUNNING, containers PENDING. */
final class NewTasks {
    private NewTasks() {}

    /** A new task of the spec, placed on {@code instance} (null for FARGATE). */
    static Task create(RunSpec run, ContainerInstance instance, String defaultZone, Instant now) {
        Arns arns = Arns.sameAs(run.cluster().arn());
        String id = Arns.newId();
        String taskArn = arns.task(run.cluster().name(), id);
        Demand demand = TaskDemand.of(run.spec(), run.overrides());
        List<Container> containers = new ArrayList<>();
        for (ContainerSpec c : run.spec().containers()) {
            Map<String, Object> o = TaskDemand.containerOverride(run.overrides(), c.name());
            Integer cpu = Doc.integer(o, "cpu"), mem = Doc.integer(o, "memory"), res = Doc.integer(o, "memoryReservation");
            containers.add(new Container.Builder()
                    .containerArn(arns.container(run.cluster().name(), id, UUID.randomUUID().toString()))
                    .name(c.name())
                    .image(c.image())
                    .lastStatus("PENDING")
                    .healthStatus("UNKNOWN")
                    .cpu(Integer.toString(cpu != null ? cpu : c.cpu()))
                    .memory(str(mem != null ? mem : c.memory()))
                    .memoryReservation(str(res != null ? res : c.memoryReservation()))
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
                .attachments(run.awsvpc() == null ? List.of() : List.of(eni(run.awsvpc())))
                .tags(run.tags())
                .availabilityZone(zone)
                .connectivity("CONNECTED")
                .connectivityAt(now)
                .healthStatus("UNKNOWN")
                .platformVersion(run.platformVersion())
                .enableExecuteCommand(run.enableExecuteCommand())
                .createdAt(now)
                .version(1)
                .build();
    }

    /** The awsvpc ElasticNetworkInterface attachment as ECS shows it before the ENI exists. */
    private static Map<String, Object> eni(Map<String, Object> awsvpc) {
        String subnet = Doc.strings(awsvpc, "subnets").get(0);
        List<Object> details = new ArrayList<>();
        details.add(Map.of("name", "subnetId", "value", subnet));
        return new java.util.LinkedHashMap<>(Map.of(
                "id", UUID.randomUUID().toString(),
                "type", "ElasticNetworkInterface",
                "status", "PRECREATED",
                "details", details));
    }

    private static String str(Integer v) { return v == null ? null : v.toString(); }
}
