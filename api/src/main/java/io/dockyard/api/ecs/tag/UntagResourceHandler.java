package io.dockyard.api.ecs.tag;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;

import java.util.HashSet;
import java.util.Map;

/** UntagResource: removes the named tag keys (keys not present are ignored). */
public final class UntagResourceHandler extends EcsOperation {
    public UntagResourceHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        var keys = new HashSet<>(Doc.strings(in, "tagKeys"));
        if (keys.isEmpty()) throw AwsException.invalidParameter("tagKeys can not be empty.");
        Taggable.update(ecs, Doc.str(in, "resourceArn"), current -> current.stream().filter(t -> !keys.contains(t.key())).toList(),
                TagResourceHandler.notFound());
        return Out.obj();
    }
}
