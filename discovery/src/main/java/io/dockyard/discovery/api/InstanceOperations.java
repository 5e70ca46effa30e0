package io.dockyard.discovery.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.discovery.CloudMap;
import io.dockyard.discovery.InstanceRegistry;
import io.dockyard.discovery.model.DiscoveryKinds;
import io.dockyard.discovery.model.DiscoveryService;
import io.dockyard.discovery.model.Instance;
import io.dockyard.discovery.model.Namespace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RegisterInstance, DeregisterInstance, ListInstances, GetInstance, GetInstancesHealthStatus, DiscoverInstances,
 * UpdateInstanceCustomHealthStatus; and the same as {@link InstanceRegistry}.
 */
public final class InstanceOperations implements InstanceRegistry {
    private static final String IPV4 = "^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$";

    private final CloudMap cm;

    public InstanceOperations(CloudMap cm) { this.cm = cm; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("RegisterInstance", this::register), NamedOperation.of("DeregisterInstance", this::deregister),
                NamedOperation.of("ListInstances", this::list), NamedOperation.of("DiscoverInstances", this::discover),
                NamedOperation.of("UpdateInstanceCustomHealthStatus", this::updateHealth),
                NamedOperation.of("GetInstance", this::get), NamedOperation.of("GetInstancesHealthStatus", this::healthStatus),
                NamedOperation.of("DiscoverInstancesRevision", this::revision));
    }

    private static String instanceId(String id) {
        if (id == null || !id.matches("^[0-9a-zA-Z_/:.@-]{1,64}$")) throw CloudMap.invalidInput("InstanceId is not valid: " + id);
        return id;
    }

    private void bump(DiscoveryService s) {
        cm.store().put(DiscoveryKinds.SERVICE, s.withRevision(s.revision() + 1));
    }

    private Object register(Map<String, Object> in, RequestContext ctx) {
        Map<String, Object> raw = Doc.map(in, "Attributes");
        if (raw == null || raw.isEmpty()) throw CloudMap.invalidInput("Attributes must be specified");
        Map<String, String> attrs = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (!(v instanceof String s)) throw CloudMap.invalidInput("Attribute " + k + " is not valid");
            attrs.put(k, s);
        });
        return Out.obj().with("OperationId", register(Doc.str(in, "ServiceId"), Doc.str(in, "InstanceId"), attrs));
    }

    @Override
    public String register(String serviceIdOrArn, String instanceId, Map<String, String> attributes) {
        String id = instanceId(instanceId);
        if (attributes == null || attributes.isEmpty()) throw CloudMap.invalidInput("Attributes must be specified");
        Map<String, String> attrs = new LinkedHashMap<>(attributes);
        attrs.forEach((k, v) -> {
            if (k.isEmpty() || k.length() > 255 || v == null || v.length() > 1024) throw CloudMap.invalidInput("Attribute " + k + " is not valid");
        });
        if (attrs.size() > 30) throw CloudMap.invalidInput("An instance can have at most 30 attributes");
        String ip = attrs.get("AWS_INSTANCE_IPV4");
        if (ip != null && !ip.matches(IPV4)) throw CloudMap.invalidInput("AWS_INSTANCE_IPV4 is not a valid IPv4 address: " + ip);
        String port = attrs.get("AWS_INSTANCE_PORT");
        if (port != null && (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            throw CloudMap.invalidInput("AWS_INSTANCE_PORT is not a valid port: " + port);
        }
        String opId = cm.store().atomically(() -> {
            DiscoveryService s = cm.service(serviceIdOrArn);
            if (s.dnsRecords().containsKey("A") && ip == null) throw CloudMap.invalidInput("AWS_INSTANCE_IPV4 is required for a service with A records");
            if (s.dnsRecords().containsKey("SRV") && (port == null || ip == null)) {
                throw CloudMap.invalidInput("AWS_INSTANCE_PORT and AWS_INSTANCE_IPV4 are required for a service with SRV records");
            }
            Optional<Instance> before = cm.store().get(DiscoveryKinds.INSTANCE, Instance.key(s.id(), id));
            String health = s.customHealth() ? before.map(Instance::health).orElse("HEALTHY") : "UNKNOWN";
            cm.store().put(DiscoveryKinds.INSTANCE, new Instance(s.id(), id, attrs, health, before.map(Instance::createdAt).orElse(cm.now())));
            bump(s);
            return cm.operation("REGISTER_INSTANCE", Map.of("INSTANCE", id, "SERVICE", s.id()));
        });
        cm.changed();
        return opId;
    }

    private Object deregister(Map<String, Object> in, RequestContext ctx) {
        return Out.obj().with("OperationId", deregister(Doc.str(in, "ServiceId"), Doc.str(in, "InstanceId")));
    }

    @Override
    public String deregister(String serviceIdOrArn, String instanceId) {
        String id = instanceId(instanceId);
        String opId = cm.store().atomically(() -> {
            DiscoveryService s = cm.service(serviceIdOrArn);
            if (!cm.store().delete(DiscoveryKinds.INSTANCE, Instance.key(s.id(), id))) throw CloudMap.instanceNotFound(id);
            bump(s);
            return cm.operation("DEREGISTER_INSTANCE", Map.of("INSTANCE", id, "SERVICE", s.id()));
        });
        cm.changed();
        return opId;
    }

    private Object list(Map<String, Object> in, RequestContext ctx) {
        DiscoveryService s = cm.service(Doc.str(in, "ServiceId"));
        var page = Shapes.page(cm.store().list(DiscoveryKinds.INSTANCE, i -> i.serviceId().equals(s.id())), in, 100);
        return Out.obj().with("ResourceOwner", ctx.account())
                .with("Instances", page.items().stream().map(i -> Out.obj().with("Id", i.id()).with("Attributes", i.attributes())).toList())
                .with("NextToken", page.nextToken());
    }

    private Object get(Map<String, Object> in, RequestContext ctx) {
        DiscoveryService s = cm.service(Doc.str(in, "ServiceId"));
        String id = Doc.str(in, "InstanceId");
        if (id == null || id.isEmpty()) throw CloudMap.invalidInput("InstanceId must be specified");
        Instance i = cm.store().get(DiscoveryKinds.INSTANCE, Instance.key(s.id(), id)).orElseThrow(() -> CloudMap.instanceNotFound(id));
        return Out.obj().with("ResourceOwner", ctx.account()).with("Instance", Out.obj().with("Id", i.id()).with("Attributes", i.attributes())
                .with("CreatedByAccount", ctx.account()));
    }

    /** The health of the named instances (all of the service's when none are named), paged; UNKNOWN without health checks. */
    private Object healthStatus(Map<String, Object> in, RequestContext ctx) {
        DiscoveryService s = cm.service(Doc.str(in, "ServiceId"));
        List<String> named = in.containsKey("Instances") ? Doc.strings(in, "Instances") : null;
        if (named != null && named.isEmpty()) throw CloudMap.invalidInput("Instances must name at least one instance");
        List<Instance> instances = new ArrayList<>();
        if (named == null) {
            instances.addAll(cm.store().list(DiscoveryKinds.INSTANCE, i -> i.serviceId().equals(s.id())));
        } else {
            for (String id : named) {
                instances.add(cm.store().get(DiscoveryKinds.INSTANCE, Instance.key(s.id(), id)).orElseThrow(() -> CloudMap.instanceNotFound(id)));
            }
        }
        var page = Shapes.page(instances, in, 100);
        Map<String, Object> status = new LinkedHashMap<>();
        page.items().forEach(i -> status.put(i.id(), i.health()));
        return Out.obj().with("Status", status).with("NextToken", page.nextToken());
    }

    @Override
    public List<String> instanceIds(String serviceIdOrArn) {
        DiscoveryService s = cm.service(serviceIdOrArn);
        return cm.store().list(DiscoveryKinds.INSTANCE, i -> i.serviceId().equals(s.id())).stream().map(Instance::id).toList();
    }

    /** The service DiscoverInstances and DiscoverInstancesRevision name (namespace and service names, case-insensitive). */
    private DiscoveryService byNames(String nsName, String svcName) {
        if (nsName == null || svcName == null) throw CloudMap.invalidInput("NamespaceName and ServiceName must be specified");
        Namespace ns = cm.store().list(DiscoveryKinds.NAMESPACE, n -> n.name().equalsIgnoreCase(nsName.replaceAll("\\.$", ""))).stream().findFirst()
                .orElseThrow(() -> CloudMap.namespaceNotFound(nsName));
        return cm.store().list(DiscoveryKinds.SERVICE, x -> x.namespaceId().equals(ns.id()) && x.name().equalsIgnoreCase(svcName)).stream().findFirst()
                .orElseThrow(() -> CloudMap.serviceNotFound(svcName));
    }

    /** DiscoverInstancesRevision: the revision DiscoverInstances would report (it grows with every change of the instances). */
    private Object revision(Map<String, Object> in, RequestContext ctx) {
        return Out.obj().with("InstancesRevision", byNames(Doc.str(in, "NamespaceName"), Doc.str(in, "ServiceName")).revision());
    }

    private Object discover(Map<String, Object> in, RequestContext ctx) {
        String nsName = Doc.str(in, "NamespaceName");
        String svcName = Doc.str(in, "ServiceName");
        DiscoveryService s = byNames(nsName, svcName);
        Namespace ns = cm.namespace(s.namespaceId());
        Integer max = Doc.integer(in, "MaxResults");
        if (max != null && (max < 1 || max > 1000)) throw CloudMap.invalidInput("MaxResults must be between 1 and 1000");
        String status = Optional.ofNullable(Doc.str(in, "HealthStatus")).orElse("ALL");
        if (!List.of("ALL", "HEALTHY", "UNHEALTHY", "HEALTHY_OR_ELSE_ALL").contains(status)) {
            throw CloudMap.invalidInput("HealthStatus must be HEALTHY, UNHEALTHY, ALL or HEALTHY_OR_ELSE_ALL");
        }
        List<Instance> all = cm.store().list(DiscoveryKinds.INSTANCE, i -> i.serviceId().equals(s.id()));
        // the filter is ignored for services without a health check: every instance is returned
        List<Instance> picked = !s.customHealth() ? all : switch (status) {
            case "ALL" -> all;
            case "HEALTHY", "UNHEALTHY" -> all.stream().filter(i -> i.health().equals(status)).toList();
            case "HEALTHY_OR_ELSE_ALL" -> {
                List<Instance> healthy = all.stream().filter(i -> i.health().equals("HEALTHY")).toList();
                yield healthy.isEmpty() ? all : healthy;
            }
            default -> throw CloudMap.invalidInput("HealthStatus must be HEALTHY, UNHEALTHY, ALL or HEALTHY_OR_ELSE_ALL");
        };
        picked = filterBy(picked, Doc.map(in, "QueryParameters"));
        List<Instance> optional = filterBy(picked, Doc.map(in, "OptionalParameters"));
        if (!optional.isEmpty()) picked = optional;
        if (max != null && picked.size() > max) picked = picked.subList(0, max);
        List<Object> out = new ArrayList<>();
        for (Instance i : picked) {
            out.add(Out.obj().with("InstanceId", i.id()).with("NamespaceName", ns.name()).with("ServiceName", s.name())
                    .with("HealthStatus", i.health()).with("Attributes", i.attributes()));
        }
        return Out.obj().with("Instances", out).with("InstancesRevision", s.revision());
    }

    private static List<Instance> filterBy(List<Instance> in, Map<String, Object> params) {
        if (params == null || params.isEmpty()) return in;
        return in.stream().filter(i -> params.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(i.attributes().get(e.getKey())))).toList();
    }

    private Object updateHealth(Map<String, Object> in, RequestContext ctx) {
        health(Doc.str(in, "ServiceId"), Doc.str(in, "InstanceId"), Doc.str(in, "Status"));
        return Out.obj();
    }

    @Override
    public void health(String serviceIdOrArn, String instanceId, String status) {
        String id = instanceId(instanceId);
        if (!"HEALTHY".equals(status) && !"UNHEALTHY".equals(status)) throw CloudMap.invalidInput("Status must be HEALTHY or UNHEALTHY");
        cm.store().atomically(() -> {
            DiscoveryService s = cm.service(serviceIdOrArn);
            Instance i = cm.store().get(DiscoveryKinds.INSTANCE, Instance.key(s.id(), id)).orElseThrow(() -> CloudMap.instanceNotFound(id));
            if (!s.customHealth()) throw new AwsException("CustomHealthNotFound", 400, "Service " + s.id() + " has no custom health check");
            if (!i.health().equals(status)) {
                cm.store().put(DiscoveryKinds.INSTANCE, i.withHealth(status));
                bump(s);
            }
        });
        cm.changed();
    }
}
