package io.dockyard.api.ecs.taskset;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskSet;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DescribeTaskSets: the named task sets of a service (all of them when none is named); unknown ones as failures (MISSING). */
public final class DescribeTaskSetsHandler extends EcsOperation {
    public DescribeTaskSetsHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Service s = TaskSetRules.service(ecs, ctx, in);
        boolean tags = Doc.strings(in, "include").contains("TAGS");
        List<String> refs = Doc.strings(in, "taskSets");
        List<Task> tasks = ecs.store().list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(s.clusterArn(), s.group()));
        List<TaskSet> all = ecs.store().list(Kinds.TASK_SETS_BY_SERVICE, s.arn());
        List<Out> found = new ArrayList<>();
        List<Out> failures = new ArrayList<>();
        if (refs.isEmpty()) {
            all.forEach(ts -> found.add(TaskSetShapes.taskSet(ts, s, tasks, tags)));
        } else {
            for (String ref : refs) {
                TaskSet ts = all.stream().filter(t -> t.arn().equals(ref) || t.id().equals(ref)).findFirst().orElse(null);
                if (ts == null) failures.add(Out.obj().with("arn", ref).with("reason", "MISSING"));
                else found.add(TaskSetShapes.taskSet(ts, s, tasks, tags));
            }
        }
        return Out.obj().with("taskSets", found).with("failures", failures);
    }
}
