package io.dockyard.api.ecs.cluster;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.Tags;
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
 * Capacity providers: the built-in FARGATE and FARGATE_SPOT, and those that wrap an Auto Scaling group
 * (CreateCapacityProvider, UpdateCapacityProvider, DeleteCapacityProvider, DescribeCapacityProviders),
 * and the providers of clusters (PutClusterCapacityProviders).
 */
public final class CapacityProviderHandlers {
    private CapacityProviderHandlers() {}

    public static List<Operation> all(Ecs ecs) {
        return List.of(new Put(ecs), new Describe(ecs), new Create(ecs), new Update(ecs), new Delete(ecs));
    }

    /** Checks that every named provider exists (built in, or ACTIVE). */
    static void exist(Ecs ecs, List<String> providers) {
        for (String p : providers) {
            if (!CapacityProviders.BUILT_IN.contains(p) && ecs.store().get(Kinds.CAPACITY_PROVIDER, p).filter(c -> "ACTIVE".equals(c.status())).isEmpty()) {
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
            exist(ecs, providers);
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
            List<String> wanted = new ArrayList<>(names);
            if (names.isEmpty()) {
                wanted.addAll(List.of(CapacityProviders.FARGATE, CapacityProviders.FARGATE_SPOT));
                ecs.store().list(Kinds.CAPACITY_PROVIDER).forEach(c -> wanted.add(c.name()));
            }
            for (String n : wanted) {
                String name = n.contains("capacity-provider/") ? n.substring(n.lastIndexOf('/') + 1) : n;
                String arn = ctx.arns().ecs("capacity-provider/" + name);
                var stored = ecs.store().get(Kinds.CAPACITY_PROVIDER, name);
                if (CapacityProviders.BUILT_IN.contains(name)) {
                    providers.add(Out.obj().with("capacityProviderArn", arn).with("name", name).with("status", "ACTIVE").with("tags", List.of()));
                } else if (stored.isPresent()) {
                    providers.add(shape(stored.get()));
                } else {
                    failures.add(Out.obj().with("arn", n).with("reason", "MISSING"));
                }
            }
            return Out.obj().with("capacityProviders", providers).with("failures", failures);
        }
    }

    static Out shape(io.dockyard.core.model.CapacityProvider c) {
        io.dockyard.core.model.CapacityProvider.ManagedScaling ms = c.managedScaling();
        return Out.obj().with("capacityProviderArn", c.arn()).with("name", c.name()).with("status", c.status())
                .with("autoScalingGroupProvider", Out.obj().with("autoScalingGroupArn", c.autoScalingGroupArn())
                        .with("managedScaling", Out.obj().with("status", ms.enabled() ? "ENABLED" : "DISABLED").with("targetCapacity", ms.targetCapacity())
                                .with("minimumScalingStepSize", ms.minimumScalingStepSize()).with("maximumScalingStepSize", ms.maximumScalingStepSize())
                                .with("instanceWarmupPeriod", ms.instanceWarmupPeriod()))
                        .with("managedTerminationProtection", c.managedTerminationProtection() ? "ENABLED" : "DISABLED")
                        .with("managedDraining", c.managedDraining() ? "ENABLED" : "DISABLED"))
                .with("updateStatus", c.updateStatus())
                .with("tags", c.tags().stream().map(t -> (Object) Out.obj().with("key", t.key()).with("value", t.value())).toList());
    }

    /** The managed scaling of a request, over {@code base} (defaults, or the provider's when updating). */
    static io.dockyard.core.model.CapacityProvider.ManagedScaling managedScaling(Map<String, Object> m, io.dockyard.core.model.CapacityProvider.ManagedScaling base) {
        if (m == null) return base;
        String status = Doc.str(m, "status");
        if (status != null && !Set.of("ENABLED", "DISABLED").contains(status)) throw AwsException.invalidParameter("managedScaling status must be ENABLED or DISABLED.");
        Integer target = Doc.integer(m, "targetCapacity"), min = Doc.integer(m, "minimumScalingStepSize"), max = Doc.integer(m, "maximumScalingStepSize"),
                warmup = Doc.integer(m, "instanceWarmupPeriod");
        if (target != null && (target < 1 || target > 100)) throw AwsException.invalidParameter("targetCapacity must be between 1 and 100.");
        if (min != null && (min < 1 || min > 10_000)) throw AwsException.invalidParameter("minimumScalingStepSize must be between 1 and 10000.");
        if (max != null && (max < 1 || max > 10_000)) throw AwsException.invalidParameter("maximumScalingStepSize must be between 1 and 10000.");
        if (warmup != null && (warmup < 0 || warmup > 10_000)) throw AwsException.invalidParameter("instanceWarmupPeriod must be between 0 and 10000.");
        var ms = new io.dockyard.core.model.CapacityProvider.ManagedScaling(status != null ? "ENABLED".equals(status) : base.enabled(),
                target != null ? target : base.targetCapacity(), min != null ? min : base.minimumScalingStepSize(),
                max != null ? max : base.maximumScalingStepSize(), warmup != null ? warmup : base.instanceWarmupPeriod());
        if (ms.minimumScalingStepSize() > ms.maximumScalingStepSize()) {
            throw AwsException.invalidParameter("minimumScalingStepSize must be less than or equal to maximumScalingStepSize.");
        }
        return ms;
    }

    static Boolean enabled(Map<String, Object> m, String key) {
        String v = Doc.str(m, key);
        if (v == null) return null;
        if (!Set.of("ENABLED", "DISABLED").contains(v)) throw AwsException.invalidParameter(key + " must be ENABLED or DISABLED.");
        return "ENABLED".equals(v);
    }

    /** CreateCapacityProvider: a provider around an Auto Scaling group of Dockyard hosts. */
    static final class Create extends EcsOperation {
        Create(Ecs ecs) { super(ecs); }

        @Override public String name() { return "CreateCapacityProvider"; }

        @Override
        public Object handle(Map<String, Object> in, RequestContext ctx) {
            String name = Doc.str(in, "name");
            if (name == null || name.isBlank()) throw AwsException.invalidParameter("name can not be blank.");
            if (!name.matches("[a-zA-Z0-9_-]{1,255}")) throw AwsException.invalidParameter("The capacity provider name is invalid: up to 255 letters, numbers, underscores and hyphens.");
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("aws") || lower.startsWith("ecs") || lower.startsWith("fargate")) {
                throw AwsException.invalidParameter("The capacity provider name cannot begin with aws, ecs, or fargate.");
            }
            Map<String, Object> asg = Doc.map(in, "autoScalingGroupProvider");
            if (asg == null) throw AwsException.invalidParameter("autoScalingGroupProvider can not be null.");
            String groupArn = Doc.str(asg, "autoScalingGroupArn");
            if (groupArn == null || groupArn.isBlank()) throw AwsException.invalidParameter("autoScalingGroupArn can not be blank.");
            var ms = managedScaling(Doc.map(asg, "managedScaling"), io.dockyard.core.model.CapacityProvider.ManagedScaling.DEFAULT);
            Boolean protection = enabled(asg, "managedTerminationProtection"), draining = enabled(asg, "managedDraining");
            var provider = new io.dockyard.core.model.CapacityProvider(name, ctx.arns().ecs("capacity-provider/" + name), "ACTIVE", groupArn, ms,
                    protection != null && protection, draining == null || draining, Tags.parse(in, "tags"), null, ecs.now());
            var group = ecs.autoScalingGroups().group(provider.groupName());
            if (group.isEmpty()) throw AwsException.client("The specified Auto Scaling group ARN " + groupArn + " does not exist.");
            if (provider.managedTerminationProtection() && !ms.enabled()) {
                throw AwsException.client("The managed termination protection setting for the capacity provider is invalid. To enable managed termination "
                        + "protection for a capacity provider, managed scaling must be enabled.");
            }
            ecs.store().atomically(() -> {
                if (ecs.store().get(Kinds.CAPACITY_PROVIDER, name).filter(c -> "ACTIVE".equals(c.status())).isPresent()) {
                    throw AwsException.client("The specified capacity provider already exists. To change the configuration of an existing capacity provider, "
                            + "update the capacity provider.");
                }
                boolean groupUsed = ecs.store().list(Kinds.CAPACITY_PROVIDER, c -> "ACTIVE".equals(c.status()) && c.groupName().equals(provider.groupName())).size() > 0;
                if (groupUsed) throw AwsException.client("The specified Auto Scaling group is already used by another capacity provider.");
                ecs.store().put(Kinds.CAPACITY_PROVIDER, provider);
            });
            return Out.obj().with("capacityProvider", shape(provider));
        }
    }

    /** UpdateCapacityProvider: managed scaling, termination protection and draining. */
    static final class Update extends EcsOperation {
        Update(Ecs ecs) { super(ecs); }

        @Override public String name() { return "UpdateCapacityProvider"; }

        @Override
        public Object handle(Map<String, Object> in, RequestContext ctx) {
            String name = Doc.str(in, "name");
            if (name == null || name.isBlank()) throw AwsException.invalidParameter("name can not be blank.");
            Map<String, Object> asg = Doc.map(in, "autoScalingGroupProvider");
            if (asg == null) throw AwsException.invalidParameter("autoScalingGroupProvider can not be null.");
            var updated = ecs.store().atomically(() -> {
                var c = ecs.store().get(Kinds.CAPACITY_PROVIDER, name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name)
                        .filter(x -> "ACTIVE".equals(x.status())).orElseThrow(() -> AwsException.client("The specified capacity provider does not exist."));
                var ms = managedScaling(Doc.map(asg, "managedScaling"), c.managedScaling());
                Boolean protection = enabled(asg, "managedTerminationProtection"), draining = enabled(asg, "managedDraining");
                var u = c.with(ms, protection != null ? protection : c.managedTerminationProtection(), draining != null ? draining : c.managedDraining());
                if (u.managedTerminationProtection() && !ms.enabled()) {
                    throw AwsException.client("The managed termination protection setting for the capacity provider is invalid. To enable managed termination "
                            + "protection for a capacity provider, managed scaling must be enabled.");
                }
                ecs.store().put(Kinds.CAPACITY_PROVIDER, u);
                return u;
            });
            return Out.obj().with("capacityProvider", shape(updated));
        }
    }

    /** DeleteCapacityProvider: refused while a cluster has it (ResourceInUseException); the provider becomes INACTIVE. */
    static final class Delete extends EcsOperation {
        Delete(Ecs ecs) { super(ecs); }

        @Override public String name() { return "DeleteCapacityProvider"; }

        @Override
        public Object handle(Map<String, Object> in, RequestContext ctx) {
            String ref = Doc.str(in, "capacityProvider");
            if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("capacityProvider can not be blank.");
            String name = ref.contains("/") ? ref.substring(ref.lastIndexOf('/') + 1) : ref;
            var deleted = ecs.store().atomically(() -> {
                var c = ecs.store().get(Kinds.CAPACITY_PROVIDER, name).filter(x -> "ACTIVE".equals(x.status()))
                        .orElseThrow(() -> AwsException.client("The specified capacity provider does not exist."));
                for (Cluster cl : ecs.store().list(Kinds.CLUSTER, x -> "ACTIVE".equals(x.status()) && x.capacityProviders() != null
                        && x.capacityProviders().contains(name))) {
                    throw new AwsException("ResourceInUseException", 400, "The specified capacity provider is in use by cluster " + cl.name()
                            + ". Remove it from the cluster with PutClusterCapacityProviders and try again.");
                }
                var d = new io.dockyard.core.model.CapacityProvider(c.name(), c.arn(), "INACTIVE", c.autoScalingGroupArn(), c.managedScaling(),
                        c.managedTerminationProtection(), c.managedDraining(), c.tags(), "DELETE_COMPLETE", c.createdAt());
                ecs.store().put(Kinds.CAPACITY_PROVIDER, d);
                return d;
            });
            return Out.obj().with("capacityProvider", shape(deleted));
        }
    }
}
