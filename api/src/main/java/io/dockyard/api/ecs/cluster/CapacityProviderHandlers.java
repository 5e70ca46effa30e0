package io.dockyard.api.ecs.cluster;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.launch.CapacityProviders;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The capacity providers of clusters: PutClusterCapacityProviders and DescribeCapacityProviders. The
 * providers are ECS's built-in FARGATE and FARGATE_SPOT (Auto Scaling group providers are not built).
 */
public final class CapacityProviderHandlers {
    private CapacityProviderHandlers() {}

    public static List<Operation> all(Ecs ecs) { return List.of(new Put(ecs), new Describe(ecs)); }

    /** Checks that every named provider exists (the built-in ones). */
    static void exist(List<String> providers) {
        for (String p : providers) {
            if (!CapacityProviders.BUILT_IN.contains(p)) {
                throw AwsException.invalidParameter("The specified capacity provider " + p + " does not exist. Specify a valid name or ARN and try again.");
            }
        }
    }

    /** PutClusterCapacityProviders: the providers a cluster may use and its default strategy, replaced as a whole. */
    static final class Put extends EcsOperation {
        Put(Ecs ecs) { super(ecs); }

        @Override public String name() { return "PutClusterCapacityProviders"; }

        @Override
        public Object handle(Map<String, Object> in, RequestContext ctx) {
            String ref = Doc.str(in, "cluster");
            if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("cluster can not be blank.");
            if (!in.containsKey("capacityProviders")) throw AwsException.invalidParameter("capacityProviders can not be null.");
            if (!in.containsKey("defaultCapacityProviderStrategy")) throw AwsException.invalidParameter("defaultCapacityProviderStrategy can not be null.");
            List<String> providers = Doc.strings(in, "capacityProviders");
            List<Map<String, Object>> strategy = Doc.maps(in, "defaultCapacityProviderStrategy");
            exist(providers);
            List<CapacityProviders.Item> items = CapacityProviders.parse(strategy);
            for (CapacityProviders.Item i : items) {
                if (!providers.contains(i.provider())) {
                    throw AwsException.invalidParameter("The default capacity provider strategy can only contain capacity providers associated with the cluster.");
                }
            }
            Cluster updated = ecs.store().atomically(() -> {
                Cluster c = ecs.cluster(ctx, ref);
                List<String> removed = new ArrayList<>(c.capacityProviders() == null ? List.of() : c.capacityProviders());
                removed.removeAll(providers);
                for (String p : removed) {
                    if (inUse(c, p)) {
                        throw new AwsException("ResourceInUseException", 400, "The specified capacity provider " + p
                                + " is in use and cannot be removed.");
                    }
                }
                Cluster u = c.withCapacityProviders(List.copyOf(providers), strategy);
                ecs.store().put(Kinds.CLUSTER, u);
                return u;
            });
            return Out.obj().with("cluster", ClusterShapes.cluster(ecs, updated, Set.of()));
        }

        private boolean inUse(Cluster c, String provider) {
            for (Service s : ecs.store().list(Kinds.SERVICES_BY_CLUSTER, c.arn())) {
                if (!"ACTIVE".equals(s.status()) && !"DRAINING".equals(s.status())) continue;
                if (s.capacityProviderStrategy() != null && s.capacityProviderStrategy().stream().anyMatch(m -> provider.equals(m.get("capacityProvider")))) {
                    return true;
                }
            }
            for (Task t : ecs.store().list(Kinds.TASKS_BY_CLUSTER, c.arn())) if (!t.isStopped() && provider.equals(t.capacityProviderName())) return true;
            return false;
        }
    }

    /** DescribeCapacityProviders: the built-in providers; an unknown name is a failure (MISSING). */
    static final class Describe extends EcsOperation {
        Describe(Ecs ecs) { super(ecs); }

        @Override public String name() { return "DescribeCapacityProviders"; }

        @Override
        public Object handle(Map<String, Object> in, RequestContext ctx) {
            List<String> names = Doc.strings(in, "capacityProviders");
            List<Object> providers = new ArrayList<>(), failures = new ArrayList<>();
            List<String> wanted = names.isEmpty() ? List.of(CapacityProviders.FARGATE, CapacityProviders.FARGATE_SPOT) : names;
            for (String n : wanted) {
                String name = n.contains("capacity-provider/") ? n.substring(n.lastIndexOf('/') + 1) : n;
                String arn = ctx.arns().ecs("capacity-provider/" + name);
                if (CapacityProviders.BUILT_IN.contains(name)) {
                    providers.add(Out.obj().with("capacityProviderArn", arn).with("name", name).with("status", "ACTIVE").with("tags", List.of()));
                } else {
                    failures.add(Out.obj().with("arn", n).with("reason", "MISSING"));
                }
            }
            return Out.obj().with("capacityProviders", providers).with("failures", failures);
        }
    }
}
