package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.launch.Deployments;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.port.Kinds;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * StopServiceDeployment: ROLLBACK (default) deploys the last successful task definition again;
 * ABORT stops the deployment where it is (its tasks keep running, nothing new is launched). A
 * BLUE_GREEN, LINEAR or CANARY deployment rolls back by sending traffic back to its blue tasks (the service controller
 * does it, at any step of the traffic shift).
 */
public final class StopServiceDeploymentHandler extends EcsOperation {
    public StopServiceDeploymentHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String arn = Doc.str(in, "serviceDeploymentArn");
        if (arn == null) throw AwsException.invalidParameter("serviceDeploymentArn can not be blank.");
        String stopType = Doc.str(in, "stopType");
        if (stopType == null) stopType = "ROLLBACK";
        if (!List.of("ROLLBACK", "ABORT").contains(stopType)) throw AwsException.invalidParameter("Invalid stopType: " + stopType);
        String type = stopType;
        ecs.store().atomically(() -> {
            ServiceDeployment sd = ecs.store().get(Kinds.SERVICE_DEPLOYMENT, arn)
                    .orElseThrow(() -> AwsException.resourceNotFound("The service deployment " + arn + " does not exist."));
            if (!"IN_PROGRESS".equals(sd.status()) && !"PENDING".equals(sd.status())) {
                throw new AwsException("ConflictException", 400, "The service deployment is " + sd.status() + " and cannot be stopped.");
            }
            Service s = ecs.store().list(Kinds.SERVICE, x -> x.arn().equals(sd.serviceArn())).stream().findFirst()
                    .orElseThrow(AwsException::serviceNotFound);
            var now = ecs.now();
            if ("ROLLBACK".equals(type)) {
                ServiceDeployment target = ecs.store().list(Kinds.SERVICE_DEPLOYMENT, x -> x.serviceArn().equals(s.arn()) && "SUCCESSFUL".equals(x.status()))
                        .stream().max(Comparator.comparing(ServiceDeployment::createdAt))
                        .orElseThrow(() -> new AwsException("ConflictException", 400, "There is no successful service deployment to roll back to."));
                ecs.store().put(Kinds.SERVICE_DEPLOYMENT, sd.withRollback("Rollback requested by user (StopServiceDeployment).", now, target.targetTaskDefinitionArn()));
                Service failed = markPrimary(s, "FAILED", "Stopped by StopServiceDeployment (rollback).", now);
                // blue/green: the service controller shifts traffic back to the blue tasks, which still run
                Service rolled = Deployments.shiftsTraffic(s) ? failed : Deployments.deploy(ecs.store(), failed, target.targetTaskDefinitionArn(), true, now);
                ecs.store().put(Kinds.SERVICE, Deployments.event(rolled, "(service " + s.name() + ") rolling back deployment " + sd.deploymentId() + ".", now));
            } else {
                ecs.store().put(Kinds.SERVICE_DEPLOYMENT, sd.withStatus("STOPPED", "Stopped by StopServiceDeployment (abort).", now));
                ecs.store().put(Kinds.SERVICE, markPrimary(s, "FAILED", "Stopped by StopServiceDeployment (abort).", now));
            }
            return null;
        });
        return Out.obj().with("serviceDeploymentArn", arn);
    }

    private static Service markPrimary(Service s, String state, String reason, java.time.Instant now) {
        List<Deployment> deps = s.deployments().stream().map(d -> d.isPrimary() ? d.withRollout(state, reason, null, now) : d).toList();
        return s.toBuilder().deployments(deps).version(s.version() + 1).build();
    }
}
