package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.task.TaskRefs;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** DescribeContainerInstances: up to 100 by ARN or id; unknown ones in {@code failures} as MISSING. */
public final class DescribeContainerInstancesHandler extends EcsOperation {
    private static final Set<String> INCLUDES = Set.of("TAGS", "CONTAINER_INSTANCE_HEALTH");

    public DescribeContainerInstancesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        List<String> refs = Doc.strings(in, "containerInstances");
        if (refs.isEmpty()) throw AwsException.invalidParameter("Container Instances cannot be empty.");
        if (refs.size() > 100) throw AwsException.invalidParameter("Container Instances cannot have more than 100 elements.");
        Set<String> include = new HashSet<>(Doc.strings(in, "include"));
        for (String i : include) if (!INCLUDES.contains(i)) throw AwsException.invalidParameter("Invalid include value: " + i);
        List<Object> found = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        for (String ref : refs) {
            String arn = TaskRefs.containerInstanceArn(cluster, ref);
            ContainerInstance i = ecs.store().get(Kinds.CONTAINER_INSTANCE, arn).filter(x -> x.clusterArn().equals(cluster.arn())).orElse(null);
            if (i == null) failures.add(Out.obj().with("arn", arn).with("reason", "MISSING"));
            else found.add(InstanceShapes.instance(ecs, i, include));
        }
        return Out.obj().with("containerInstances", found).with("failures", failures);
    }
}
