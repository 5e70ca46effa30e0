package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ListAttributes: the attributes of a cluster's container instances, by name and value. */
public final class ListAttributesHandler extends EcsOperation {
    public ListAttributesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String type = Doc.str(in, "targetType");
        if (!"container-instance".equals(type)) throw AwsException.invalidParameter("targetType should be container-instance.");
        String name = Doc.str(in, "attributeName");
        String value = Doc.str(in, "attributeValue");
        if (value != null && name == null) throw AwsException.invalidParameter("attributeValue can only be given with attributeName.");
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        List<Out> all = new ArrayList<>();
        ecs.store().list(Kinds.INSTANCES_BY_CLUSTER, cluster.arn()).stream().filter(i -> !"INACTIVE".equals(i.status())).forEach(i -> {
            for (Attribute a : i.attributes()) {
                if ((name == null || name.equals(a.name())) && (value == null || value.equals(a.value()))) {
                    all.add(AttributeTargets.wire(new Attribute(a.name(), a.value(), "container-instance", i.arn())));
                }
            }
        });
        var page = Pages.of(all, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        return Out.obj().with("attributes", page.items()).with("nextToken", page.nextToken());
    }
}
