package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Service;
import io.dockyard.core.port.Kinds;

import java.util.Map;

/** ListServices: ACTIVE and DRAINING services of a cluster; launchType and schedulingStrategy filters; 10 a page by default. */
public final class ListServicesHandler extends EcsOperation {
    public ListServicesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        String launchType = Doc.str(in, "launchType");
        String scheduling = Doc.str(in, "schedulingStrategy");
        var arns = ecs.store().list(Kinds.SERVICE, s -> s.clusterArn().equals(cluster.arn()) && !"INACTIVE".equals(s.status())
                        && (launchType == null || launchType.equals(s.launchType()))
                        && (scheduling == null || scheduling.equals(s.schedulingStrategy())))
                .stream().map(Service::arn).toList();
        Integer max = Doc.integer(in, "maxResults");
        var page = Pages.of(arns, max == null ? 10 : max, Doc.str(in, "nextToken"), 100);
        return Out.obj().with("serviceArns", page.items()).with("nextToken", page.nextToken());
    }
}
