package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.controller.service.TaskLauncher;
import io.dockyard.core.AwsException;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.scheduler.PlacementRequest;
import io.dockyard.scheduler.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service scheduler's way to start tasks: the request RunTask would get for the service's
 * deployment (same validation, same placement, same task records), with group {@code service:<name>}
 * and startedBy the deployment id.
 */
public final class ServiceTaskLauncher implements TaskLauncher {
    private final Ecs ecs;

    public ServiceTaskLauncher(Ecs ecs) { this.ecs = ecs; }

    @Override
    public Launched launch(Service service, Deployment deployment, int count, String instanceArn) {
        Cluster cluster = ecs.store().get(Kinds.CLUSTER, io.dockyard.core.Arns.clusterName(service.clusterArn())).orElse(null);
        if (cluster == null) return new Launched(List.of(), List.of("MISSING"));
        RunSpec run;
        try {
            run = RunSpec.parse(ecs, cluster, request(service, deployment), false);
        } catch (AwsException e) {
            return new Launched(List.of(), List.of(e.getMessage()));
        }
        var now = ecs.now();
        Launch.Result result;
        if (run.fargate()) {
            result = Launch.fargate(ecs, run, count, now);
        } else {
            Snapshot snapshot = ClusterTasks.snapshot(ecs, cluster);
            if (instanceArn != null) {
                List<ContainerInstance> one = snapshot.instances().stream().filter(i -> i.arn().equals(instanceArn)).toList();
                snapshot = new Snapshot(one, snapshot.tasks().stream().filter(p -> instanceArn.equals(p.task().containerInstanceArn())).toList());
            }
            if (snapshot.instances().isEmpty()) return new Launched(List.of(), List.of("No Container Instances were found in your cluster."));
            try {
                var strategy = service.placementStrategy() == null || service.placementStrategy().isEmpty()
                        ? PlacementRequest.SERVICE_DEFAULT_STRATEGY : service.placementStrategy();
                result = Launch.placed(ecs, run, snapshot, instanceArn != null, count, service.placementConstraints(), strategy, now);
            } catch (AwsException e) {
                return new Launched(List.of(), List.of(e.getMessage()));
            }
        }
        List<String> arns = new ArrayList<>();
        for (Task t : result.tasks()) {
            ecs.store().put(Kinds.TASK, t.toBuilder().serviceName(service.name()).build());
            arns.add(t.taskArn());
        }
        List<String> reasons = result.failures().stream().map(f -> String.valueOf(f.get("reason"))).toList();
        return new Launched(arns, reasons);
    }

    /** The RunTask input equivalent to starting a task of this deployment. */
    private static Map<String, Object> request(Service s, Deployment d) {
        Map<String, Object> in = new HashMap<>();
        in.put("cluster", s.clusterArn());
        in.put("taskDefinition", d.taskDefinitionArn());
        if (d.capacityProviderStrategy() != null && !d.capacityProviderStrategy().isEmpty()) in.put("capacityProviderStrategy", d.capacityProviderStrategy());
        else if (d.launchType() != null) in.put("launchType", d.launchType());
        if (d.networkConfiguration() != null) in.put("networkConfiguration", d.networkConfiguration());
        if ("FARGATE".equals(d.launchType()) && d.platformVersion() != null) in.put("platformVersion", d.platformVersion());
        in.put("group", s.group());
        in.put("startedBy", d.id());
        if ("TASK_DEFINITION".equals(s.propagateTags())) in.put("propagateTags", "TASK_DEFINITION");
        if ("SERVICE".equals(s.propagateTags()) && !s.tags().isEmpty()) in.put("tags", Tags.wire(s.tags()));
        if (s.enableECSManagedTags()) in.put("enableECSManagedTags", true);
        if (s.enableExecuteCommand()) in.put("enableExecuteCommand", true);
        return in;
    }
}
