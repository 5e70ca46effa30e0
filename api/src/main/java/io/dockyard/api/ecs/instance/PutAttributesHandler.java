package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.model.Attribute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PutAttributes: custom attributes on container instances (usable in memberOf constraints and filters). */
public final class PutAttributesHandler extends EcsOperation {
    public PutAttributesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        return Out.obj().with("attributes", AttributeTargets.apply(ecs, ctx, in, true, (current, a) -> {
            List<Attribute> list = new ArrayList<>(current.stream().filter(x -> !x.name().equals(a.name())).toList());
            list.add(Attribute.of(a.name(), a.value()));
            return list;
        }));
    }
}
