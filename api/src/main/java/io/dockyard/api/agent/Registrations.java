package io.dockyard.api.agent;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.agent.AgentRegistered;
import io.dockyard.core.agent.AgentRegistration;
import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Kinds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Registers an agent's host as a container instance (or, with {@code fargate}, as the control plane's
 * Fargate runner). The same {@code instanceName} in the same cluster gets the same ARN back.
 */
final class Registrations {
    /** Ports the ECS agent reserves on every instance. */
    static final List<String> RESERVED_PORTS = List.of("22", "2375", "2376", "51678", "51679");

    private final Ecs ecs;
    private final Arns defaults;

    Registrations(Ecs ecs, Arns defaults) {
        this.ecs = ecs;
        this.defaults = defaults;
    }

    AgentRegistered register(AgentRegistration r) {
        if (r.instanceName() == null || r.instanceName().isBlank()) throw AwsException.invalidParameter("instanceName can not be blank.");
        if (r.cpu() < 0 || r.memory() < 0) throw AwsException.invalidParameter("cpu and memory must not be negative.");
        checkAddress(r);
        Instant now = ecs.now();
        AgentRegistered done = ecs.store().atomically(() -> {
            if (r.fargate()) {
                ContainerInstance runner = upsert(FargateRunners.KIND, null, defaults.containerInstance("fargate", Arns.newId()), r, now);
                return new AgentRegistered(runner.arn(), null);
            }
            String name = Arns.clusterName(r.cluster() == null || r.cluster().isBlank() ? "default" : r.cluster());
            Cluster cluster = ecs.store().get(Kinds.CLUSTER, name).filter(c -> "ACTIVE".equals(c.status()))
                    .orElseThrow(AwsException::clusterNotFound);
            String fresh = Arns.sameAs(cluster.arn()).containerInstance(cluster.name(), Arns.newId());
            return new AgentRegistered(upsert(Kinds.CONTAINER_INSTANCE, cluster, fresh, r, now).arn(), cluster.arn());
        });
        return done;
    }

    /** The advertised address ({@link ContainerInstance#ADDRESS}), if any, must be an IPv4 literal: load balancers send traffic to it. */
    private static void checkAddress(AgentRegistration r) {
        if (r.attributes() == null) return;
        for (Attribute a : r.attributes()) {
            if (ContainerInstance.ADDRESS.equals(a.name()) && !ContainerInstance.isIpv4(a.value())) {
                throw AwsException.invalidParameter("Attribute " + ContainerInstance.ADDRESS + " must be an IPv4 address, not '" + a.value() + "'.");
            }
        }
    }

    private ContainerInstance upsert(Kind<ContainerInstance> kind, Cluster cluster, String freshArn, AgentRegistration r, Instant now) {
        String clusterArn = cluster == null ? null : cluster.arn();
        java.util.function.Predicate<ContainerInstance> same = i -> r.instanceName().equals(i.ec2InstanceId())
                && java.util.Objects.equals(clusterArn, i.clusterArn()) && !"INACTIVE".equals(i.status());
        // a cluster's instances by index (no scan of every instance, and no conflict with other clusters' registrations)
        Optional<ContainerInstance> existing = (clusterArn == null ? ecs.store().list(kind, same)
                : ecs.store().list(Kinds.INSTANCES_BY_CLUSTER, clusterArn).stream().filter(same).toList()).stream().findFirst();
        List<Resource> resources = resources(r);
        List<Attribute> attributes = attributes(r);
        ContainerInstance i = existing.map(e -> new ContainerInstance(e.arn(), e.clusterArn(), e.ec2InstanceId(), e.status(), e.statusReason(),
                        true, resources, attributes, r.versionInfo(), e.tags(), e.capacityProviderName(), e.registeredAt(), now, e.agentEndpoint(), e.version() + 1))
                .orElseGet(() -> new ContainerInstance(freshArn, clusterArn, r.instanceName(), "ACTIVE", null, true, resources, attributes,
                        r.versionInfo(), List.of(), r.fargate() ? "FARGATE" : null, now, now, null, 1));
        ecs.store().put(kind, i);
        return i;
    }

    private static List<Resource> resources(AgentRegistration r) {
        Set<String> tcp = new LinkedHashSet<>(RESERVED_PORTS);
        Set<String> udp = new LinkedHashSet<>();
        for (String p : r.reservedPorts() == null ? List.<String>of() : r.reservedPorts()) {
            if (p.endsWith("/udp")) udp.add(p.substring(0, p.length() - 4));
            else tcp.add(p.endsWith("/tcp") ? p.substring(0, p.length() - 4) : p);
        }
        return List.of(Resource.integer("CPU", r.cpu()), Resource.integer("MEMORY", r.memory()),
                Resource.stringSet("PORTS", new ArrayList<>(tcp)), Resource.stringSet("PORTS_UDP", new ArrayList<>(udp)));
    }

    private List<Attribute> attributes(AgentRegistration r) {
        Map<String, Attribute> byName = new LinkedHashMap<>();
        byName.put("ecs.os-type", Attribute.of("ecs.os-type", "linux"));
        byName.put("ecs.os-family", Attribute.of("ecs.os-family", "LINUX"));
        byName.put("ecs.cpu-architecture", Attribute.of("ecs.cpu-architecture", "x86_64"));
        if (ecs.availabilityZone() != null) byName.put("ecs.availability-zone", Attribute.of("ecs.availability-zone", ecs.availabilityZone()));
        if (r.attributes() != null) r.attributes().forEach(a -> byName.put(a.name(), a));
        return List.copyOf(byName.values());
    }
}
