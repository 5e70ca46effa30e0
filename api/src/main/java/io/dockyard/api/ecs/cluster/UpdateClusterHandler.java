package io.dockyard.api.ecs.cluster;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.port.Kinds;

import java.util.Map;
import java.util.Set;

/** UpdateCluster: settings, configuration and serviceConnectDefaults. */
public final class UpdateClusterHandler extends EcsOperation {
    public UpdateClusterHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String ref = Doc.str(in, "cluster");
        if (ref == null) throw AwsException.invalidParameter("cluster can not be blank.");
        var settings = Doc.maps(in, "settings");
        var configuration = Doc.map(in, "configuration");
        var scd = Doc.map(in, "serviceConnectDefaults");
        Cluster updated = ecs.store().atomically(() -> {
            Cluster c = ecs.cluster(ctx, ref);
            Cluster u = c.withSettings(ClusterSettings.apply(c.settings(), settings))
                    .withConfiguration(configuration != null ? Doc.copyMap(configuration) : c.configuration(), scd != null ? Doc.copyMap(scd) : c.serviceConnectDefaults());
            ecs.store().put(Kinds.CLUSTER, u);
            return u;
        });
        return Out.obj().with("cluster", ClusterShapes.cluster(ecs, updated, Set.of("TAGS")));
    }
}
