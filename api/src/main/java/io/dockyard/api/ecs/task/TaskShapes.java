package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Tags;
import io.dockyard.protocol.Out;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.Task;
import io.dockyard.scheduler.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Task → the ECS Task structure (as DescribeTasks, RunTask and StopTask return it). */
public final class TaskShapes {
    private TaskShapes() {}

    /** The wire shape; {@code withTags} adds {@code tags} (DescribeTasks only with include TAGS). */
    public static Out task(Task t, boolean withTags) {
        boolean fargate = "FARGATE".equals(t.launchType());
        Out out = Out.obj()
                .with("attachments", t.attachments())
                .with("attributes", List.of(Map.of("name", "ecs.cpu-architecture", "value", "x86_64")))
                .with("availabilityZone", t.availabilityZone())
                .with("capacityProviderName", t.capacityProviderName())
                .with("clusterArn", t.clusterArn())
                .with("connectivity", t.connectivity())
                .with("connectivityAt", t.connectivityAt())
                .with("containerInstanceArn", t.containerInstanceArn())
                .with("containers", t.containers().stream().map(c -> container(t, c)).toList())
                .with("cpu", t.cpu())
                .with("createdAt", t.createdAt())
                .with("desiredStatus", t.desiredStatus())
                .with("enableExecuteCommand", t.enableExecuteCommand())
                .with("executionStoppedAt", t.executionStoppedAt())
                .with("group", t.group())
                .with("healthStatus", t.healthStatus())
                .with("lastStatus", t.lastStatus())
                .with("launchType", t.launchType())
                .with("memory", t.memory())
                .with("overrides", overrides(t))
                .with("platformVersion", t.platformVersion())
                .with("platformFamily", fargate ? "Linux" : null)
                .with("pullStartedAt", t.pullStartedAt())
                .with("pullStoppedAt", t.pullStoppedAt())
                .with("startedAt", t.startedAt())
                .with("startedBy", t.startedBy())
                .with("stopCode", t.stopCode())
                .with("stoppedAt", t.stoppedAt())
                .with("stoppedReason", t.stoppedReason())
                .with("stoppingAt", t.stoppingAt());
        if (withTags) out.with("tags", Tags.wire(t.tags()));
        out.with("taskArn", t.taskArn())
                .with("taskDefinitionArn", t.taskDefinitionArn())
                .with("version", t.version());
        if (fargate) out.with("ephemeralStorage", Map.of("sizeInGiB", 20)).with("fargateEphemeralStorage", Map.of("sizeInGiB", 20));
        return out;
    }

    static Out container(Task t, Container c) {
        return Out.obj()
                .with("containerArn", c.containerArn())
                .with("taskArn", t.taskArn())
                .with("name", c.name())
                .with("image", c.image())
                .with("imageDigest", c.imageDigest())
                .with("runtimeId", c.runtimeId())
                .with("lastStatus", c.lastStatus())
                .with("exitCode", c.exitCode())
                .with("reason", c.reason())
                .with("networkBindings", c.networkBindings())
                .with("networkInterfaces", c.networkInterfaces())
                .with("healthStatus", c.healthStatus())
                .with("cpu", c.cpu())
                .with("memory", c.memory())
                .with("memoryReservation", c.memoryReservation())
                .with("managedAgents", managedAgents(t, c));
    }

    /** With ECS Exec on, the ExecuteCommandAgent of each container: RUNNING while the container runs. */
    static java.util.List<Object> managedAgents(Task t, Container c) {
        if (!t.enableExecuteCommand()) return null;
        String status = "RUNNING".equals(c.lastStatus()) ? "RUNNING" : "STOPPED".equals(c.lastStatus()) ? "STOPPED" : "PENDING";
        return java.util.List.of(Out.obj().with("lastStartedAt", "PENDING".equals(status) ? null : t.startedAt())
                .with("name", "ExecuteCommandAgent").with("lastStatus", status));
    }

    /** A RunTask/StartTask {@code failures} entry: the instance, the scheduler's reason, the detail. */
    static Map<String, Object> failure(Plan.Failure f) {
        return Out.obj().with("arn", f.arn()).with("reason", f.reason()).with("detail", f.detail());
    }

    /** ECS lists every container in containerOverrides ({@code {"name": ...}} when it has none). */
    private static Map<String, Object> overrides(Task t) {
        return Overrides.wire(t.overrides(), t.containers().stream().map(Container::name).toList());
    }
}
