package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.launch.LaunchRequest;
import io.dockyard.launch.Launched;

import java.util.List;
import java.util.Map;

/**
 * StartTask: one task on each named container instance (up to 10), checked against what is left on
 * it; unknown instances come back in {@code failures} as MISSING.
 */
public final class StartTaskHandler extends EcsOperation {
    public StartTaskHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        List<String> refs = Doc.strings(in, "containerInstances");
        if (refs.isEmpty()) throw AwsException.invalidParameter("Container Instances cannot be empty.");
        if (refs.size() > 10) throw AwsException.invalidParameter("Container Instances cannot have more than 10 elements.");
        List<String> arns = refs.stream().map(ref -> TaskRefs.containerInstanceArn(cluster, ref)).toList();
        Launched result = ecs.launches().launch(RunSpec.parse(ecs, cluster, in, true, new LaunchRequest.OnInstances(arns)));
        return Out.obj()
                .with("tasks", result.tasks().stream().map(t -> TaskShapes.task(t, true)).toList())
                .with("failures", result.failures().stream().map(TaskShapes::failure).toList());
    }
}
