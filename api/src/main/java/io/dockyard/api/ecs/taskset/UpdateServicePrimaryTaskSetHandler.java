package io.dockyard.api.ecs.taskset;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskSet;
import io.dockyard.launch.TaskSets;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/** UpdateServicePrimaryTaskSet: the task set becomes PRIMARY (the former one ACTIVE); its task definition becomes the service's. */
public final class UpdateServicePrimaryTaskSetHandler extends EcsOperation {
    public UpdateServicePrimaryTaskSetHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String ref = Doc.str(in, "primaryTaskSet");
        if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("primaryTaskSet can not be blank.");
        record Primary(Service s, TaskSet ts) {}
        Primary p = ecs.store().atomically(() -> {
            Service s = TaskSetRules.service(ecs, ctx, in);
            TaskSet ts = TaskSetRules.find(ecs, s, ref);
            if (ts.isDraining()) throw AwsException.invalidParameter("The task set is being deleted and cannot be made primary.");
            return new Primary(s, TaskSets.makePrimary(ecs.store(), s, ts, ecs.now()));
        });
        return Out.obj().with("taskSet", TaskSetShapes.taskSet(ecs, p.ts(), p.s(), false));
    }
}
