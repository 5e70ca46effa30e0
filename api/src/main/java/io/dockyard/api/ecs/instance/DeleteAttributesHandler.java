package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/** DeleteAttributes: removes custom attributes from container instances. */
public final class DeleteAttributesHandler extends EcsOperation {
    public DeleteAttributesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        return Out.obj().with("attributes", AttributeTargets.apply(ecs, ctx, in, false,
                (current, a) -> current.stream().filter(x -> !x.name().equals(a.name())).toList()));
    }
}
