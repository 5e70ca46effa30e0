package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.protocol.Out;
import io.dockyard.launch.Deployments;
import io.dockyard.launch.Networks;
import io.dockyard.core.Arns;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;

import java.util.List;
import java.util.Map;

/** Service, Deployment and ServiceDeployment → their ECS structures; counts derived from tasks. */
final class ServiceShapes {
    private ServiceShapes() {}

    static List<Task> tasksOf(Ecs ecs, Service s) {
        String group = s.group();
        return ecs.store().list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(s.clusterArn(), group));
    }

    static Out service(Ecs ecs, Service s, boolean includeTags) {
        List<Task> tasks = tasksOf(ecs, s);
        long running = tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count();
        long pending = tasks.stream().filter(Task::isPending).count();
        String cluster = Arns.clusterName(s.clusterArn());
        Deployment primary = s.primary();
        Out out = Out.obj()
                .with("serviceArn", s.arn())
                .with("serviceName", s.name())
                .with("clusterArn", s.clusterArn())
                .with("loadBalancers", s.loadBalancers())
                .with("serviceRegistries", s.serviceRegistries())
                .with("status", s.status())
                .with("desiredCount", s.desiredCount())
                .with("runningCount", running)
                .with("pendingCount", pending)
                .with("launchType", s.launchType())
                .with("capacityProviderStrategy", s.capacityProviderStrategy() == null || s.capacityProviderStrategy().isEmpty() ? null : s.capacityProviderStrategy())
                .with("platformVersion", s.platformVersion())
                .with("taskDefinition", s.taskDefinitionArn())
                .with("deploymentConfiguration", deploymentConfiguration(s))
                .with("deployments", s.deployments().stream().map(d -> deployment(s, d, tasks)).toList())
                .with("roleArn", s.roleArn())
                .with("events", s.events().stream().map(e -> Out.obj().with("id", e.id()).with("createdAt", e.createdAt()).with("message", e.message())).toList())
                .with("createdAt", s.createdAt())
                .with("placementConstraints", s.placementConstraints())
                .with("placementStrategy", s.placementStrategy())
                .with("networkConfiguration", Networks.wire(s.networkConfiguration()))
                .with("healthCheckGracePeriodSeconds", s.healthCheckGracePeriodSeconds())
                .with("schedulingStrategy", s.schedulingStrategy())
                .with("deploymentController", s.deploymentController() == null ? Map.of("type", "ECS") : s.deploymentController())
                .with("createdBy", s.createdBy())
                .with("enableECSManagedTags", s.enableECSManagedTags())
                .with("propagateTags", s.propagateTags())
                .with("enableExecuteCommand", s.enableExecuteCommand());
        if (s.usesTaskSets()) out.with("taskSets", io.dockyard.api.ecs.taskset.TaskSetShapes.of(ecs, s));
        if (primary != null) {
            out.with("currentServiceDeployment", Arns.sameAs(s.arn()).serviceDeployment(cluster, s.name(), shortId(primary.id())));
        }
        if (includeTags) out.with("tags", Tags.wire(s.tags()));
        return out;
    }

    private static Map<String, Object> deploymentConfiguration(Service s) {
        var cfg = s.deploymentConfig();
        Out out = Out.obj();
        if (s.deploymentConfiguration() != null) out.putAll(s.deploymentConfiguration());
        out.put("maximumPercent", cfg.maximumPercent());
        out.put("minimumHealthyPercent", cfg.minimumHealthyPercent());
        if (!out.containsKey("deploymentCircuitBreaker")) out.put("deploymentCircuitBreaker", Map.of("enable", false, "rollback", false));
        return out;
    }

    static Out deployment(Service s, Deployment d, List<Task> tasks) {
        List<Task> mine = tasks.stream().filter(t -> d.id().equals(t.startedBy())).toList();
        long running = mine.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count();
        long pending = mine.stream().filter(Task::isPending).count();
        long failed = mine.stream().filter(t -> t.isStopped() && ("TaskFailedToStart".equals(t.stopCode()) || "EssentialContainerExited".equals(t.stopCode()))).count();
        long desired = d.isPrimary() ? s.desiredCount() : mine.stream().filter(t -> "RUNNING".equals(t.desiredStatus()) && !t.isStopped()).count();
        return Out.obj()
                .with("id", d.id())
                .with("status", d.status())
                .with("taskDefinition", d.taskDefinitionArn())
                .with("desiredCount", desired)
                .with("pendingCount", pending)
                .with("runningCount", running)
                .with("failedTasks", failed)
                .with("createdAt", d.createdAt())
                .with("updatedAt", d.updatedAt())
                .with("capacityProviderStrategy", d.capacityProviderStrategy() == null || d.capacityProviderStrategy().isEmpty() ? null : d.capacityProviderStrategy())
                .with("launchType", d.launchType())
                .with("platformVersion", d.platformVersion())
                .with("networkConfiguration", Networks.wire(d.networkConfiguration()))
                .with("rolloutState", d.rolloutState())
                .with("rolloutStateReason", d.rolloutStateReason());
    }

    static Out serviceDeployment(ServiceDeployment sd, Out circuitBreaker) {
        Out out = Out.obj()
                .with("serviceDeploymentArn", sd.arn())
                .with("serviceArn", sd.serviceArn())
                .with("clusterArn", sd.clusterArn())
                .with("createdAt", sd.createdAt())
                .with("startedAt", sd.startedAt())
                .with("finishedAt", sd.finishedAt())
                .with("stoppedAt", sd.stoppedAt())
                .with("updatedAt", sd.updatedAt())
                .with("sourceServiceRevisions", sd.sourceTaskDefinitionArns().stream().map(td -> Out.obj().with("arn", revisionArn(sd, td))).toList())
                .with("targetServiceRevision", Out.obj().with("arn", revisionArn(sd, sd.targetTaskDefinitionArn())))
                .with("status", sd.status())
                .with("statusReason", sd.statusReason())
                .with("deploymentConfiguration", sd.deploymentConfiguration())
                .with("deploymentCircuitBreaker", circuitBreaker);
        if (sd.rollbackStartedAt() != null) {
            out.with("rollback", Out.obj().with("reason", sd.rollbackReason()).with("startedAt", sd.rollbackStartedAt())
                    .with("serviceRevisionArn", revisionArn(sd, sd.rollbackTargetTaskDefinitionArn())));
        }
        return out;
    }

    static Out brief(ServiceDeployment sd) {
        return Out.obj()
                .with("serviceDeploymentArn", sd.arn())
                .with("serviceArn", sd.serviceArn())
                .with("clusterArn", sd.clusterArn())
                .with("startedAt", sd.startedAt())
                .with("createdAt", sd.createdAt())
                .with("finishedAt", sd.finishedAt())
                .with("targetServiceRevisionArn", revisionArn(sd, sd.targetTaskDefinitionArn()))
                .with("status", sd.status())
                .with("statusReason", sd.statusReason());
    }

    /** A service revision ARN per (service, task definition revision). */
    static String revisionArn(ServiceDeployment sd, String taskDefinitionArn) {
        if (taskDefinitionArn == null) return null;
        String rev = Arns.lastSegment(taskDefinitionArn).replace(':', '-');
        String svc = Arns.lastSegment(sd.serviceArn());
        return Arns.sameAs(sd.serviceArn()).serviceRevision(Arns.clusterName(sd.clusterArn()), svc, rev);
    }

    static String shortId(String deploymentId) { return Deployments.shortId(deploymentId); }
}
