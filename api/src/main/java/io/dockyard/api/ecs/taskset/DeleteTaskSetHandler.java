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

/**
 * DeleteTaskSet: the task set goes DRAINING, its tasks stop (drained from its target groups first),
 * then it is gone. Refused while it is scaled above 0 tasks unless {@code force}.
 */
public final class DeleteTaskSetHandler extends EcsOperation {
    public DeleteTaskSetHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        boolean force = Boolean.TRUE.equals(Doc.bool(in, "force"));
        record Deleted(Service s, TaskSet ts) {}
        Deleted d = ecs.store().atomically(() -> {
            Service s = TaskSetRules.service(ecs, ctx, in);
            TaskSet ts = TaskSetRules.find(ecs, s, Doc.str(in, "taskSet"));
            if (ts.isDraining()) return new Deleted(s, ts);
            if (!force && ts.computedDesiredCount(s.desiredCount()) > 0) {
                throw AwsException.invalidParameter("The task set cannot be deleted while it is scaled above 0. Set its scale to 0 or use force.");
            }
            return new Deleted(s, TaskSets.drain(ecs.store(), ts, ecs.now()));
        });
        return Out.obj().with("taskSet", TaskSetShapes.taskSet(ecs, d.ts(), d.s(), false));
    }
}
