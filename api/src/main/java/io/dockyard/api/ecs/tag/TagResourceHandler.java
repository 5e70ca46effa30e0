package io.dockyard.api.ecs.tag;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.Tags;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;

import java.util.Map;

/** TagResource: adds or overwrites tags on a cluster, task definition, task or container instance. */
public final class TagResourceHandler extends EcsOperation {
    public TagResourceHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        var tags = Tags.parse(in, "tags");
        Taggable.update(ecs, Doc.str(in, "resourceArn"), current -> Tags.merge(current, tags), notFound());
        return Out.obj();
    }

    static AwsException notFound() { return AwsException.resourceNotFound("The specified resource could not be found."); }
}
