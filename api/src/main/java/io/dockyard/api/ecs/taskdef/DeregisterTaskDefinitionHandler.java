package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.TaskDefinitionRef;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;

import java.util.Map;

/**
 * DeregisterTaskDefinition: marks one revision (family:revision or ARN — a revision is required)
 * INACTIVE with its deregisteredAt; an INACTIVE revision is answered unchanged.
 */
public final class DeregisterTaskDefinitionHandler extends TaskDefinitionOperation {
    public DeregisterTaskDefinitionHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        TaskDefinitionRef ref = TaskDefinitionRef.parse(Doc.str(in, "taskDefinition"));
        if (ref.revision() == null) {
            throw AwsException.client("Invalid revision number. Number: " + ref.family() + ". You must specify a revision (family:revision or the full ARN).");
        }
        TaskDefinition td = ecs.store().atomically(() -> {
            TaskDefinition current = ecs.store().get(Kinds.TASK_DEFINITION, ref.key()).filter(t -> !t.deleteInProgress())
                    .orElseThrow(() -> AwsException.client("The specified task definition does not exist."));
            if (!"ACTIVE".equals(current.status())) return current;
            TaskDefinition inactive = current.withStatus("INACTIVE", ecs.now());
            ecs.store().put(Kinds.TASK_DEFINITION, inactive);
            return inactive;
        });
        return Out.obj().with("taskDefinition", TaskDefinitionShapes.taskDefinition(td));
    }
}
