package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.scheduler.Plan;
import io.dockyard.scheduler.Reasons;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DescribeTasks: up to 100 tasks by ARN or id; unknown ones in {@code failures} as MISSING; tags with include TAGS. */
public final class DescribeTasksHandler extends EcsOperation {
    public DescribeTasksHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        List<String> refs = Doc.strings(in, "tasks");
        if (refs.isEmpty()) throw AwsException.invalidParameter("Tasks cannot be empty.");
        if (refs.size() > 100) throw AwsException.invalidParameter("Tasks cannot have more than 100 elements.");
        boolean tags = false;
        for (String i : Doc.strings(in, "include")) {
            if (!"TAGS".equals(i)) throw AwsException.invalidParameter("Invalid include value: " + i);
            tags = true;
        }
        List<Object> tasks = new ArrayList<>(refs.size());
        List<Object> failures = new ArrayList<>();
        for (String ref : refs) {
            String arn = TaskRefs.taskArn(cluster, ref);
            Task t = ecs.store().get(Kinds.TASK, arn).filter(x -> x.clusterArn().equals(cluster.arn())).orElse(null);
            if (t == null) failures.add(TaskShapes.failure(new Plan.Failure(arn, Reasons.MISSING, null)));
            else tasks.add(TaskShapes.task(t, tags));
        }
        return Out.obj().with("tasks", tasks).with("failures", failures);
    }
}
