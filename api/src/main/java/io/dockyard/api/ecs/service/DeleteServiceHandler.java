package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Service;
import io.dockyard.core.port.Kinds;

import java.util.Map;

/**
 * DeleteService: the service becomes DRAINING (its tasks are stopped by the controller), then
 * INACTIVE. Refused while scaled above 0 unless {@code force}.
 */
public final class DeleteServiceHandler extends EcsOperation {
    public DeleteServiceHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Boolean force = Doc.bool(in, "force");
        Service deleted = ecs.store().atomically(() -> {
            Cluster cluster = ServiceRules.cluster(ecs, ctx, in);
            Service s = ServiceRules.find(ecs, cluster, Doc.str(in, "service"));
            if ("INACTIVE".equals(s.status())) throw new AwsException("ServiceNotActiveException", 400, "Service was not ACTIVE.");
            if ("DRAINING".equals(s.status())) return s;
            if (!s.isDaemon() && s.desiredCount() > 0 && (force == null || !force)) {
                throw AwsException.invalidParameter("The service cannot be stopped while it is scaled above 0.");
            }
            Service d = s.toBuilder().status("DRAINING").desiredCount(0).version(s.version() + 1).build();
            ecs.store().put(Kinds.SERVICE, d);
            return d;
        });
        return Out.obj().with("service", ServiceShapes.service(ecs, deleted, false));
    }
}
