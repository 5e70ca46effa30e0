package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.protocol.Out;
import io.dockyard.api.protocol.RequestContext;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DeleteAttributes: removes custom attributes from container instances. */
public final class DeleteAttributesHandler extends EcsOperation {
    public DeleteAttributesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        var attrs = AttributeTargets.attributes(in);
        List<Object> out = new ArrayList<>();
        ecs.store().atomically(() -> {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
            for (Map<String, Object> a : attrs) {
                var t = AttributeTargets.target(ecs, cluster, a, false);
                ContainerInstance i = ecs.store().get(Kinds.CONTAINER_INSTANCE, t.instance().arn()).orElseThrow();
                ecs.store().put(Kinds.CONTAINER_INSTANCE, i.withAttributes(i.attributes().stream().filter(x -> !x.name().equals(t.attribute().name())).toList()));
                out.add(PutAttributesHandler.wire(t.attribute()));
            }
            return null;
        });
        ecs.signal().fire();
        return Out.obj().with("attributes", out);
    }
}
