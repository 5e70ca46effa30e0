package io.dockyard.api.ecs.taskset;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.Tags;
import io.dockyard.api.ecs.service.ServiceRules;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.NetworkConfiguration;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.model.TaskSet;
import io.dockyard.launch.TaskSets;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/**
 * CreateTaskSet: a task set of an EXTERNAL service (ACTIVE, scale 0 % unless given); the service
 * controller starts its tasks. A service with the CODE_DEPLOY controller takes its task sets from
 * CodeDeploy only, as on ECS.
 */
public final class CreateTaskSetHandler extends EcsOperation {
    public CreateTaskSetHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String tdRef = Doc.str(in, "taskDefinition");
        if (tdRef == null || tdRef.isBlank()) throw AwsException.invalidParameter("taskDefinition can not be blank.");
        double scale = TaskSetRules.scale(Doc.map(in, "scale"), 0);
        var cps = Doc.maps(in, "capacityProviderStrategy");
        String launchType = ServiceRules.launchType(Doc.str(in, "launchType"), cps);
        var lbs = Doc.maps(in, "loadBalancers");
        var regs = Doc.maps(in, "serviceRegistries");
        if (lbs.size() > 1) throw AwsException.invalidParameter("A task set can have only one load balancer.");
        if (regs.size() > 1) throw AwsException.invalidParameter("A task set can have only one service registry.");
        var tags = Tags.parse(in, "tags");
        String externalId = Doc.str(in, "externalId");
        record Created(Service s, TaskSet ts) {}
        Created created = ecs.store().atomically(() -> {
            Service s = TaskSetRules.service(ecs, ctx, in);
            if (!"EXTERNAL".equals(s.deploymentControllerType())) {
                throw AwsException.invalidParameter("Amazon ECS only supports task set management on services configured to use external deployment controllers.");
            }
            Cluster cluster = ServiceRules.cluster(ecs, ctx, in);
            ServiceRules.capacityProviders(cps, cluster);
            TaskDefinition td = ecs.taskDefinition(tdRef);
            ServiceRules.compatible(td, launchType);
            NetworkConfiguration net = ServiceRules.network(td, launchType, Doc.copyMap(Doc.map(in, "networkConfiguration")));
            ServiceRules.loadBalancers(td, lbs);
            String platform = "FARGATE".equals(launchType) ? (Doc.str(in, "platformVersion") == null ? "LATEST" : Doc.str(in, "platformVersion")) : null;
            var spec = new TaskSets.Spec(td.arn(), cps.isEmpty() ? launchType : null, cps, platform, net, lbs, regs);
            return new Created(s, TaskSets.create(ecs.store(), s, spec, scale, null, externalId, false, tags, ecs.now()));
        });
        return Out.obj().with("taskSet", TaskSetShapes.taskSet(ecs, created.ts(), created.s(), true));
    }
}
