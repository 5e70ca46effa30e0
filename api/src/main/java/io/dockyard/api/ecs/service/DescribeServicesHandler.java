package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DescribeServices: up to 10 services by name or ARN; unknown ones in {@code failures} (MISSING). */
public final class DescribeServicesHandler extends EcsOperation {
    public DescribeServicesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<String> refs = Doc.strings(in, "services");
        if (refs.isEmpty()) throw AwsException.invalidParameter("Services cannot be empty.");
        if (refs.size() > 10) throw AwsException.invalidParameter("Services cannot have more than 10 elements.");
        boolean tags = Doc.strings(in, "include").contains("TAGS");
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        List<Object> services = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        for (String ref : refs) {
            var s = ecs.store().get(Kinds.SERVICE, cluster.arn() + "|" + Arns.lastSegment(ref));
            if (s.isPresent()) services.add(ServiceShapes.service(ecs, s.get(), tags));
            else failures.add(Out.obj().with("arn", ref.startsWith("arn:") ? ref : ctx.arns().service(cluster.name(), ref)).with("reason", "MISSING"));
        }
        return Out.obj().with("services", services).with("failures", failures);
    }
}
