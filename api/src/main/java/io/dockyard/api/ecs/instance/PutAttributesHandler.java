package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.protocol.Out;
import io.dockyard.api.protocol.RequestContext;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PutAttributes: custom attributes on container instances (usable in memberOf constraints and filters). */
public final class PutAttributesHandler extends EcsOperation {
    public PutAttributesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        var attrs = AttributeTargets.attributes(in);
        List<Object> out = new ArrayList<>();
        ecs.store().atomically(() -> {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
            for (Map<String, Object> a : attrs) {
                var t = AttributeTargets.target(ecs, cluster, a, true);
                ContainerInstance i = ecs.store().get(Kinds.CONTAINER_INSTANCE, t.instance().arn()).orElseThrow();
                List<Attribute> list = new ArrayList<>(i.attributes().stream().filter(x -> !x.name().equals(t.attribute().name())).toList());
                list.add(Attribute.of(t.attribute().name(), t.attribute().value()));
                ecs.store().put(Kinds.CONTAINER_INSTANCE, i.withAttributes(list));
                out.add(wire(t.attribute()));
            }
            return null;
        });
        ecs.signal().fire();
        return Out.obj().with("attributes", out);
    }

    static Out wire(Attribute a) {
        return Out.obj().with("name", a.name()).with("value", a.value()).with("targetType", a.targetType()).with("targetId", a.targetId());
    }
}
