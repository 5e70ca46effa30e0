package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.launch.Deployments;
import io.dockyard.launch.Networks;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.NetworkConfiguration;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;

import java.util.Map;

/**
 * UpdateService: desiredCount alone scales the current deployment; a new task definition, network
 * configuration, placement, load balancers, platform version or forceNewDeployment start a new one.
 */
public final class UpdateServiceHandler extends EcsOperation {
    public UpdateServiceHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Integer desired = Doc.integer(in, "desiredCount");
        if (desired != null && desired < 0) throw AwsException.invalidParameter("desiredCount must be at least 0.");
        Boolean force = Doc.bool(in, "forceNewDeployment");
        Map<String, Object> cfg = Doc.copyMap(Doc.map(in, "deploymentConfiguration"));
        var constraints = in.containsKey("placementConstraints") ? Doc.maps(in, "placementConstraints") : null;
        var strategy = in.containsKey("placementStrategy") ? Doc.maps(in, "placementStrategy") : null;
        Map<String, Object> network = Doc.copyMap(Doc.map(in, "networkConfiguration"));
        var lbs = in.containsKey("loadBalancers") ? Doc.maps(in, "loadBalancers") : null;
        String tdRef = Doc.str(in, "taskDefinition");
        Integer grace = Doc.integer(in, "healthCheckGracePeriodSeconds");

        Service updated = ecs.store().atomically(() -> {
            Cluster cluster = ServiceRules.cluster(ecs, ctx, in);
            Service s = ServiceRules.active(ecs, cluster, Doc.str(in, "service"));
            if (in.containsKey("capacityProviderStrategy")) ServiceRules.capacityProviders(Doc.maps(in, "capacityProviderStrategy"), cluster);
            if (s.usesTaskSets()) return taskSetService(s, in, desired, grace, cfg);
            if (s.isDaemon() && desired != null) throw AwsException.invalidParameter("The daemon scheduling strategy does not support a desired count for services.");
            ServiceRules.placement(constraints == null ? s.placementConstraints() : constraints, strategy == null ? s.placementStrategy() : strategy);
            TaskDefinition td = ecs.taskDefinition(tdRef == null ? s.taskDefinitionArn() : tdRef);
            String launchType = s.launchType() != null ? s.launchType() : ServiceRules.launchType(null, s.capacityProviderStrategy());
            ServiceRules.compatible(td, launchType);
            NetworkConfiguration net = network != null ? ServiceRules.network(td, launchType, network)
                    : ServiceRules.network(td, launchType, Networks.wire(s.networkConfiguration()));
            if (lbs != null) ServiceRules.loadBalancers(td, lbs);
            Map<String, Object> mergedCfg = ServiceRules.merge(s.deploymentConfiguration(), cfg);
            if (cfg != null) ServiceRules.deploymentConfiguration(mergedCfg, s.isDaemon());
            ServiceRules.blueGreen(mergedCfg, lbs != null ? lbs : s.loadBalancers());
            boolean redeploy = (force != null && force) || !td.arn().equals(s.taskDefinitionArn()) || network != null
                    || constraints != null || strategy != null || lbs != null || in.containsKey("platformVersion")
                    || in.containsKey("capacityProviderStrategy") || in.containsKey("serviceRegistries");
            Service.Builder b = s.toBuilder();
            if (desired != null) b.desiredCount(desired);
            if (cfg != null) b.deploymentConfiguration(mergedCfg);
            if (constraints != null) b.placementConstraints(constraints);
            if (strategy != null) b.placementStrategy(strategy);
            if (network != null) b.networkConfiguration(net);
            if (lbs != null) b.loadBalancers(lbs);
            if (in.containsKey("serviceRegistries")) b.serviceRegistries(Doc.maps(in, "serviceRegistries"));
            if (in.containsKey("capacityProviderStrategy")) b.capacityProviderStrategy(Doc.maps(in, "capacityProviderStrategy"));
            if (grace != null) b.healthCheckGracePeriodSeconds(grace);
            if (in.containsKey("propagateTags")) b.propagateTags(Doc.str(in, "propagateTags"));
            if (in.containsKey("enableECSManagedTags")) b.enableECSManagedTags(Boolean.TRUE.equals(Doc.bool(in, "enableECSManagedTags")));
            if (in.containsKey("enableExecuteCommand")) b.enableExecuteCommand(Boolean.TRUE.equals(Doc.bool(in, "enableExecuteCommand")));
            if (in.containsKey("platformVersion")) b.platformVersion(Doc.str(in, "platformVersion"));
            Service u = b.version(s.version() + 1).build();
            if (redeploy) u = Deployments.deploy(ecs.store(), u, td.arn(), false, ecs.now());
            ecs.store().put(Kinds.SERVICE, u);
            return u;
        });
        return Out.obj().with("service", ServiceShapes.service(ecs, updated, false));
    }

    /**
     * An EXTERNAL or CODE_DEPLOY service: its task sets carry what it runs, so only the desired count,
     * grace period, deployment configuration and tag/exec flags change here, as on ECS.
     */
    private Service taskSetService(Service s, Map<String, Object> in, Integer desired, Integer grace, Map<String, Object> cfg) {
        for (String field : java.util.List.of("taskDefinition", "networkConfiguration", "loadBalancers", "serviceRegistries", "platformVersion",
                "capacityProviderStrategy", "forceNewDeployment", "placementConstraints", "placementStrategy")) {
            if (in.containsKey(field) && !(field.equals("forceNewDeployment") && !Boolean.TRUE.equals(Doc.bool(in, field)))) {
                throw AwsException.invalidParameter("CODE_DEPLOY".equals(s.deploymentControllerType())
                        ? "Unable to update " + field + " on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to deploy a new task definition."
                        : "Unable to update " + field + " on services with a EXTERNAL deployment controller. Use the task set API.");
            }
        }
        Service.Builder b = s.toBuilder();
        if (desired != null) b.desiredCount(desired);
        if (cfg != null) b.deploymentConfiguration(ServiceRules.merge(s.deploymentConfiguration(), cfg));
        if (grace != null) b.healthCheckGracePeriodSeconds(grace);
        if (in.containsKey("propagateTags")) b.propagateTags(Doc.str(in, "propagateTags"));
        if (in.containsKey("enableECSManagedTags")) b.enableECSManagedTags(Boolean.TRUE.equals(Doc.bool(in, "enableECSManagedTags")));
        if (in.containsKey("enableExecuteCommand")) b.enableExecuteCommand(Boolean.TRUE.equals(Doc.bool(in, "enableExecuteCommand")));
        Service u = b.version(s.version() + 1).build();
        ecs.store().put(Kinds.SERVICE, u);
        return u;
    }
}
