package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** GetTaskProtection: the protection state of the named tasks. */
public final class GetTaskProtectionHandler extends EcsOperation {
    public GetTaskProtectionHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        List<Object> out = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        for (String ref : Doc.strings(in, "tasks")) {
            var t = UpdateTaskProtectionHandler.find(ecs, cluster, ref);
            if (t.isEmpty()) {
                failures.add(Out.obj().with("arn", ref).with("reason", "TASK_NOT_VALID"));
                continue;
            }
            var p = ecs.store().get(Kinds.TASK_PROTECTION, t.get().taskArn()).filter(x -> x.activeAt(ecs.now()));
            out.add(Out.obj().with("taskArn", t.get().taskArn()).with("protectionEnabled", p.isPresent())
                    .with("expirationDate", p.map(x -> x.expirationDate()).orElse(null)));
        }
        return Out.obj().with("protectedTasks", out).with("failures", failures);
    }
}
