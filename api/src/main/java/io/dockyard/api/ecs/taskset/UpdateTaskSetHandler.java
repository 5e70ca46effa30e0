package io.dockyard.api.ecs.taskset;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskSet;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/** UpdateTaskSet: a new scale; the service controller starts or stops tasks to match. */
public final class UpdateTaskSetHandler extends EcsOperation {
    public UpdateTaskSetHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        if (Doc.map(in, "scale") == null) throw AwsException.invalidParameter("scale can not be null.");
        double scale = TaskSetRules.scale(Doc.map(in, "scale"), 0);
        record Updated(Service s, TaskSet ts) {}
        Updated u = ecs.store().atomically(() -> {
            Service s = TaskSetRules.service(ecs, ctx, in);
            TaskSet ts = TaskSetRules.find(ecs, s, Doc.str(in, "taskSet"));
            if (ts.isDraining()) throw AwsException.invalidParameter("The task set is being deleted.");
            TaskSet scaled = ts.withScale(scale, ecs.now());
            ecs.store().put(Kinds.TASK_SET, scaled);
            return new Updated(s, scaled);
        });
        return Out.obj().with("taskSet", TaskSetShapes.taskSet(ecs, u.ts(), u.s(), false));
    }
}
