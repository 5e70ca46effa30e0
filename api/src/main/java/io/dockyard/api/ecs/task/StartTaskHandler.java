package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;
import io.dockyard.scheduler.Snapshot;

import java.time.Instant;
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
        RunSpec run = RunSpec.parse(ecs, cluster, in, true);
        Instant now = ecs.now();
        Launch.Result result = ecs.store().atomically(() -> {
            ecs.cluster(ctx, cluster.arn());
            Launch.Result r = new Launch.Result(List.of(), List.of());
            for (String ref : refs) {
                String arn = TaskRefs.containerInstanceArn(cluster, ref);
                ContainerInstance instance = ecs.store().get(Kinds.CONTAINER_INSTANCE, arn)
                        .filter(i -> i.clusterArn().equals(cluster.arn()) && !"INACTIVE".equals(i.status())).orElse(null);
                if (instance == null) {
                    r = r.merge(new Launch.Result(List.of(), List.of(Launch.failure(arn, "MISSING", null))));
                    continue;
                }
                Snapshot all = ClusterTasks.snapshot(ecs, cluster);
                Snapshot one = new Snapshot(List.of(instance),
                        all.tasks().stream().filter(p -> instance.arn().equals(p.task().containerInstanceArn())).toList());
                r = r.merge(Launch.placed(ecs, run, one, true, 1, List.of(), List.of(), now));
            }
            return r;
        });
        if (!result.tasks().isEmpty()) ecs.signal().fire();
        return Out.obj()
                .with("tasks", result.tasks().stream().map(t -> TaskShapes.task(t, true)).toList())
                .with("failures", result.failures());
    }
}
