package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.scheduler.query.ClusterQuery;
import io.dockyard.scheduler.query.Expression;
import io.dockyard.scheduler.query.InstanceSubject;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;

import java.util.Map;
import java.util.Set;

/** ListContainerInstances: a cluster's instances (every status but INACTIVE unless {@code status} names one). */
public final class ListContainerInstancesHandler extends EcsOperation {
    private static final Set<String> STATUSES = Set.of("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED");

    public ListContainerInstancesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        String status = Doc.str(in, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw AwsException.invalidParameter("status should be one of [ACTIVE,DRAINING,REGISTERING,DEREGISTERING,REGISTRATION_FAILED].");
        }
        String filter = Doc.str(in, "filter");
        Expression query = filter == null || filter.isBlank() ? null : ClusterQuery.parse(filter);
        var arns = ecs.store().list(Kinds.INSTANCES_BY_CLUSTER, cluster.arn()).stream()
                .filter(i -> (status == null ? !"INACTIVE".equals(i.status()) : status.equals(i.status()))
                        && (query == null || query.test(new InstanceSubject(i, ecs.store().list(Kinds.TASKS_BY_INSTANCE, i.arn())))))
                .map(ContainerInstance::arn).toList();
        var page = Pages.of(arns, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        return Out.obj().with("containerInstanceArns", page.items()).with("nextToken", page.nextToken());
    }
}
