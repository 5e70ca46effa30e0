package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.Tags;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.launch.Deployments;
import io.dockyard.launch.TaskSets;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.NetworkConfiguration;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;

import java.util.List;
import java.util.Map;

/** CreateService: a REPLICA or DAEMON service with its first deployment; the controller starts its tasks. */
public final class CreateServiceHandler extends EcsOperation {
    public CreateServiceHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String name = ServiceRules.name(Doc.str(in, "serviceName"));
        String scheduling = Doc.str(in, "schedulingStrategy") == null ? "REPLICA" : Doc.str(in, "schedulingStrategy");
        if (!List.of("REPLICA", "DAEMON").contains(scheduling)) throw AwsException.invalidParameter("Invalid schedulingStrategy: " + scheduling);
        boolean daemon = "DAEMON".equals(scheduling);
        String controller = ServiceRules.controllerType(Doc.map(in, "deploymentController"));
        boolean external = "EXTERNAL".equals(controller);
        if (daemon && !"ECS".equals(controller)) {
            throw AwsException.invalidParameter("The DAEMON scheduling strategy does not support the " + controller + " deployment controller.");
        }
        Integer desired = Doc.integer(in, "desiredCount");
        if (desired != null && desired < 0) throw AwsException.invalidParameter("desiredCount must be at least 0.");
        if (daemon && desired != null) throw AwsException.invalidParameter("The daemon scheduling strategy does not support a desired count for services.");
        var cps = Doc.maps(in, "capacityProviderStrategy");
        String launchType = ServiceRules.launchType(Doc.str(in, "launchType"), cps);
        if (daemon && "FARGATE".equals(launchType)) throw AwsException.invalidParameter("The daemon scheduling strategy is not supported with the FARGATE launch type.");
        Map<String, Object> cfg = Doc.copyMap(Doc.map(in, "deploymentConfiguration"));
        ServiceRules.deploymentConfiguration(cfg, daemon);
        var constraints = Doc.maps(in, "placementConstraints");
        var strategy = Doc.maps(in, "placementStrategy");
        ServiceRules.placement(constraints, strategy);
        if ("FARGATE".equals(launchType) && (!constraints.isEmpty() || !strategy.isEmpty())) {
            throw AwsException.invalidParameter("Placement constraints and strategies are not supported with the FARGATE launch type.");
        }
        Map<String, Object> network = Doc.copyMap(Doc.map(in, "networkConfiguration"));
        var lbs = Doc.maps(in, "loadBalancers");
        ServiceRules.blueGreen(cfg, lbs);
        var tags = Tags.parse(in, "tags");
        Integer grace = Doc.integer(in, "healthCheckGracePeriodSeconds");
        String propagate = Doc.str(in, "propagateTags");
        if (propagate != null && !List.of("TASK_DEFINITION", "SERVICE", "NONE").contains(propagate)) throw AwsException.invalidParameter("Invalid propagateTags value: " + propagate);
        Boolean managedTags = Doc.bool(in, "enableECSManagedTags");
        Boolean exec = Doc.bool(in, "enableExecuteCommand");
        String platformVersion = Doc.str(in, "platformVersion");
        String clientToken = Doc.str(in, "clientToken");

        Service created = ecs.store().atomically(() -> {
            Cluster cluster = ServiceRules.cluster(ecs, ctx, in);
            ServiceRules.capacityProviders(cps, cluster);
            // neither a launch type nor a strategy: the cluster's default strategy, as ECS copies it into the service
            boolean byDefault = cps.isEmpty() && Doc.str(in, "launchType") == null && cluster.defaultCapacityProviderStrategy() != null
                    && !cluster.defaultCapacityProviderStrategy().isEmpty();
            var providers = byDefault ? cluster.defaultCapacityProviderStrategy() : cps;
            String type = byDefault ? ServiceRules.launchType(null, providers) : launchType;
            String tdRef = Doc.str(in, "taskDefinition");
            // an EXTERNAL service needs no task definition: its task sets carry them
            TaskDefinition td = external && tdRef == null ? null : ecs.taskDefinition(tdRef);
            if (td != null) ServiceRules.compatible(td, type);
            NetworkConfiguration net = td == null ? null : ServiceRules.network(td, type, network);
            if (td != null) ServiceRules.loadBalancers(td, lbs);
            if ("CODE_DEPLOY".equals(controller) && lbs.size() != 1) {
                throw AwsException.invalidParameter("A service with the CODE_DEPLOY deployment controller needs exactly one load balancer.");
            }
            var existing = ecs.store().get(Kinds.SERVICE, cluster.arn() + "|" + name);
            if (existing.isPresent() && !"INACTIVE".equals(existing.get().status())) {
                if (clientToken != null && clientToken.equals(existing.get().createdBy())) return existing.get();
                throw AwsException.invalidParameter("Creation of service was not idempotent.");
            }
            Service s = new Service(ctx.arns().service(cluster.name(), name), name, cluster.arn(), "ACTIVE", desired == null ? 0 : desired,
                    td == null ? null : td.arn(), providers.isEmpty() ? type : null, providers, "FARGATE".equals(type) ? (platformVersion == null ? "LATEST" : platformVersion) : platformVersion,
                    scheduling, cfg, Doc.copyMap(Doc.map(in, "deploymentController")), constraints, strategy, net, lbs,
                    Doc.maps(in, "serviceRegistries"), grace, propagate == null ? "NONE" : propagate, managedTags != null && managedTags,
                    exec != null && exec, tags, roleArn(Doc.str(in, "role"), ctx.account()), clientToken, ecs.now(),
                    List.of(), List.of(), 1);
            if (!s.usesTaskSets()) s = Deployments.deploy(ecs.store(), s, td.arn(), false, ecs.now());
            ecs.store().put(Kinds.SERVICE, s);
            if ("CODE_DEPLOY".equals(controller)) {
                // ECS creates the first task set of a CODE_DEPLOY service itself: PRIMARY, 100 %, the service's endpoints
                var spec = new TaskSets.Spec(td.arn(), s.launchType(), providers, s.platformVersion(), net, lbs, s.serviceRegistries());
                TaskSets.create(ecs.store(), s, spec, 100, null, null, true, List.of(), ecs.now());
            }
            return s;
        });
        return Out.obj().with("service", ServiceShapes.service(ecs, created, true));
    }

    /** The {@code role} given (a name, a name with a path, or an ARN) as its ARN; without one, ecsServiceRole. */
    static String roleArn(String role, String account) {
        if (role == null || role.isBlank()) return "arn:aws:iam::" + account + ":role/ecsServiceRole";
        if (role.startsWith("arn:")) return role;
        return "arn:aws:iam::" + account + ":role/" + (role.startsWith("/") ? role.substring(1) : role);
    }
}
