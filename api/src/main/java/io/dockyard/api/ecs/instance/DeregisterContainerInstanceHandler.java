package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DeregisterContainerInstance: refused while tasks run on the instance unless {@code force}. The
 * instance becomes INACTIVE; its agent stops its containers, and tasks still on it are marked STOPPED
 * (service tasks are replaced elsewhere by the service scheduler).
 */
public final class DeregisterContainerInstanceHandler extends EcsOperation {
    public DeregisterContainerInstanceHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String ref = Doc.str(in, "containerInstance");
        if (ref == null) throw AwsException.invalidParameter("containerInstance can not be blank.");
        boolean force = Boolean.TRUE.equals(Doc.bool(in, "force"));
        ContainerInstance gone = ecs.store().atomically(() -> {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
            ContainerInstance i = InstanceRefs.find(ecs, cluster, ref)
                    .orElseThrow(() -> AwsException.invalidParameter("The referenced container instance " + ref + " was not found."));
            List<Task> active = ecs.store().list(Kinds.TASKS_BY_INSTANCE, i.arn()).stream().filter(Task::isActive).toList();
            if (!active.isEmpty() && !force) {
                throw AwsException.invalidParameter("Found running tasks on the instance. Use force to deregister the container instance.");
            }
            var now = ecs.now();
            for (Task t : active) {
                ecs.store().put(Kinds.TASK, t.toBuilder().lastStatus("STOPPED").desiredStatus("STOPPED")
                        .stopCode(t.stopCode() == null ? "TerminationNotice" : t.stopCode())
                        .stoppedReason(t.stoppedReason() == null ? "Container instance deregistration forced by user" : t.stoppedReason())
                        .stoppingAt(t.stoppingAt() == null ? now : t.stoppingAt()).executionStoppedAt(now).stoppedAt(now)
                        .version(t.version() + 1).build());
            }
            ContainerInstance inactive = i.withStatus("INACTIVE", null);
            ecs.store().put(Kinds.CONTAINER_INSTANCE, inactive);
            return inactive;
        });
        return Out.obj().with("containerInstance", InstanceShapes.instance(ecs, gone, Set.of()));
    }
}
