package io.dockyard.api.ecs.cluster;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.port.Kinds;

import java.util.Map;

/** ListClusters: ACTIVE clusters' ARNs, at most 100 a page. */
public final class ListClustersHandler extends EcsOperation {
    public ListClustersHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        var arns = ecs.store().list(Kinds.CLUSTER, c -> !"INACTIVE".equals(c.status())).stream().map(Cluster::arn).toList();
        var page = Pages.of(arns, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        return Out.obj().with("clusterArns", page.items()).with("nextToken", page.nextToken());
    }
}
