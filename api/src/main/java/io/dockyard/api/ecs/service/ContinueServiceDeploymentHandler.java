package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.HookPause;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.List;
import java.util.Map;

/**
 * ContinueServiceDeployment: records CONTINUE (default) or ROLLBACK for the PAUSE lifecycle hook a
 * BLUE_GREEN, LINEAR or CANARY deployment is paused at; the service controller goes on to the next
 * stage or rolls back on its next pass.
 */
public final class ContinueServiceDeploymentHandler extends EcsOperation {
    public ContinueServiceDeploymentHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String arn = Doc.str(in, "serviceDeploymentArn");
        String hookId = Doc.str(in, "hookId");
        if (arn == null || arn.isBlank()) throw AwsException.invalidParameter("serviceDeploymentArn can not be blank.");
        if (hookId == null || hookId.isBlank()) throw AwsException.invalidParameter("hookId can not be blank.");
        String action = Doc.str(in, "action") == null ? "CONTINUE" : Doc.str(in, "action");
        if (!List.of("CONTINUE", "ROLLBACK").contains(action)) throw AwsException.invalidParameter("Invalid action: " + action);
        ecs.store().atomically(() -> {
            ServiceDeployment sd = ecs.store().get(Kinds.SERVICE_DEPLOYMENT, arn).orElseThrow(() ->
                    new AwsException("ServiceDeploymentNotFoundException", 400, "The service deployment " + arn + " does not exist."));
            HookPause p = ecs.store().get(HookPause.KIND, sd.serviceArn()).orElse(null);
            if (!"IN_PROGRESS".equals(sd.status()) || p == null || !p.isPaused() || !sd.deploymentId().equals(p.deploymentId())) {
                throw AwsException.invalidParameter("The service deployment " + arn + " is not paused at a lifecycle hook.");
            }
            if (!hookId.equals(p.hookId())) throw AwsException.invalidParameter("The hookId " + hookId + " is not the paused lifecycle hook of this service deployment.");
            if (p.decision() == null) ecs.store().put(HookPause.KIND, p.decided(action));
            return null;
        });
        return Out.obj().with("serviceDeploymentArn", arn);
    }
}
