package io.dockyard.api.ecs.cluster;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.Tags;
import io.dockyard.api.ecs.account.AccountSettings;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.port.Kinds;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** CreateCluster: idempotent for an ACTIVE cluster of the same name (returns it unchanged), as ECS is. */
public final class CreateClusterHandler extends EcsOperation {
    public CreateClusterHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String name = ClusterNames.validate(Doc.str(in, "clusterName"));
        var tags = Tags.parse(in, "tags");
        String insights = AccountSettings.effectiveValue(ecs.store(), ctx.account(), AccountSettings.root(ctx.account()), "containerInsights");
        var settings = ClusterSettings.apply(ClusterSettings.defaults(insights), Doc.maps(in, "settings"));
        List<String> cps = Doc.strings(in, "capacityProviders");
        CapacityProviderHandlers.exist(ecs, cps);
        for (io.dockyard.launch.CapacityProviders.Item i : io.dockyard.launch.CapacityProviders.parse(Doc.maps(in, "defaultCapacityProviderStrategy"))) {
            if (!cps.contains(i.provider())) {
                throw AwsException.invalidParameter("The default capacity provider strategy can only contain capacity providers associated with the cluster.");
            }
        }
        Cluster cluster = ecs.store().atomically(() -> {
            var existing = ecs.store().get(Kinds.CLUSTER, name).filter(c -> "ACTIVE".equals(c.status()));
            if (existing.isPresent()) return existing.get();
            Cluster c = new Cluster(ctx.arns().cluster(name), name, "ACTIVE", settings, Doc.copyMap(Doc.map(in, "configuration")),
                    cps, Doc.maps(in, "defaultCapacityProviderStrategy"), Doc.copyMap(Doc.map(in, "serviceConnectDefaults")), tags, ecs.now());
            ecs.store().put(Kinds.CLUSTER, c);
            return c;
        });
        return Out.obj().with("cluster", ClusterShapes.cluster(ecs, cluster, Set.of("TAGS")));
    }
}
