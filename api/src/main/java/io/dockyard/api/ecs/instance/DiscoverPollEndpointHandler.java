package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.Doc;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/**
 * DiscoverPollEndpoint: where an agent polls for work and sends telemetry. Dockyard's agents poll the
 * control plane itself, so all three endpoints are the edge's URL. A named cluster must exist.
 */
public final class DiscoverPollEndpointHandler extends EcsOperation {
    public DiscoverPollEndpointHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        if (Doc.str(in, "cluster") != null) ecs.cluster(ctx, Doc.str(in, "cluster"));
        String url = ecs.endpoint();
        return Out.obj().with("endpoint", url).with("telemetryEndpoint", url).with("serviceConnectEndpoint", url);
    }
}
