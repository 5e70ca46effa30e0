package io.dockyard.api.ecs.tag;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.Tags;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;

import java.util.Map;

/** ListTagsForResource: the tags of a cluster, task definition, task or container instance. */
public final class ListTagsForResourceHandler extends EcsOperation {
    public ListTagsForResourceHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        var tags = Taggable.tags(ecs, Doc.str(in, "resourceArn"), AwsException.invalidParameter("The specified resource could not be found."));
        return Out.obj().with("tags", Tags.wire(tags));
    }
}
