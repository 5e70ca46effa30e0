package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UpdateContainerInstancesState: ACTIVE or DRAINING. A draining instance gets no new tasks; the
 * service scheduler replaces its service tasks elsewhere within each service's deployment bounds;
 * standalone tasks are left alone.
 */
public final class UpdateContainerInstancesStateHandler extends EcsOperation {
    public UpdateContainerInstancesStateHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<String> refs = Doc.strings(in, "containerInstances");
        if (refs.isEmpty()) throw AwsException.invalidParameter("containerInstances can not be empty.");
        if (refs.size() > 10) throw AwsException.invalidParameter("containerInstances can have at most 10 elements.");
        String status = Doc.str(in, "status");
        if (status == null) throw AwsException.invalidParameter("status can not be null.");
        if (!Set.of("ACTIVE", "DRAINING").contains(status)) {
            if (Set.of("REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED").contains(status)) {
                throw AwsException.invalidParameter("Container instances can only be updated to ACTIVE or DRAINING.");
            }
            throw AwsException.invalidParameter("status should be one of [ACTIVE,DRAINING].");
        }
        List<ContainerInstance> updated = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        ecs.store().atomically(() -> {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
            for (String ref : refs) {
                var i = InstanceRefs.find(ecs, cluster, ref);
                if (i.isEmpty()) {
                    failures.add(Out.obj().with("arn", InstanceRefs.arn(cluster, ref)).with("reason", "MISSING"));
                    continue;
                }
                ContainerInstance u = status.equals(i.get().status()) ? i.get() : i.get().withStatus(status, null);
                ecs.store().put(Kinds.CONTAINER_INSTANCE, u);
                updated.add(u);
            }
            return null;
        });
        return Out.obj()
                .with("containerInstances", updated.stream().map(i -> InstanceShapes.instance(ecs, i, Set.of())).toList())
                .with("failures", failures);
    }
}
