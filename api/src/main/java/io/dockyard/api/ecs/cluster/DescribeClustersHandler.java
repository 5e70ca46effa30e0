package io.dockyard.api.ecs.cluster;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** DescribeClusters: unknown names land in {@code failures} with reason MISSING; INACTIVE clusters are described. */
public final class DescribeClustersHandler extends EcsOperation {
    private static final Set<String> INCLUDES = Set.of("ATTACHMENTS", "CONFIGURATIONS", "SETTINGS", "STATISTICS", "TAGS");

    public DescribeClustersHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<String> names = Doc.strings(in, "clusters");
        if (names.isEmpty()) names = List.of("default");
        if (names.size() > 100) throw AwsException.invalidParameter("Clusters cannot have more than 100 elements.");
        Set<String> include = new HashSet<>(Doc.strings(in, "include"));
        for (String i : include) if (!INCLUDES.contains(i)) throw AwsException.invalidParameter("Invalid include value: " + i);
        List<Object> clusters = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        for (String ref : names) {
            var c = ecs.store().get(Kinds.CLUSTER, Arns.clusterName(ref));
            if (c.isPresent()) clusters.add(ClusterShapes.cluster(ecs, c.get(), include));
            else failures.add(Out.obj().with("arn", ref.startsWith("arn:") ? ref : ctx.arns().cluster(ref)).with("reason", "MISSING"));
        }
        return Out.obj().with("clusters", clusters).with("failures", failures);
    }
}
