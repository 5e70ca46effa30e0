package io.dockyard.discovery.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.discovery.CloudMap;
import io.dockyard.discovery.model.DiscoveryKinds;
import io.dockyard.discovery.model.DiscoveryService;
import io.dockyard.discovery.model.Namespace;
import io.dockyard.discovery.model.ServiceAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CreateService, ListServices, GetService, DeleteService. */
public final class ServiceOperations {
    private static final String NAME = "((?=^.{1,127}$)^([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9])(\\.([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9]))*$)|(^\\.$)";

    private final CloudMap cm;

    public ServiceOperations(CloudMap cm) { this.cm = cm; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateService", this::create), NamedOperation.of("ListServices", this::list),
                NamedOperation.of("GetService", this::get), NamedOperation.of("DeleteService", this::delete),
                NamedOperation.of("UpdateService", this::update), NamedOperation.of("GetServiceAttributes", this::getAttributes),
                NamedOperation.of("UpdateServiceAttributes", this::updateAttributes), NamedOperation.of("DeleteServiceAttributes", this::deleteAttributes));
    }

    private Object create(Map<String, Object> in, RequestContext ctx) {
        String name = Doc.str(in, "Name");
        if (name == null || !name.matches(NAME)) throw CloudMap.invalidInput("Service name is not valid: " + name);
        Map<String, Object> dnsConfig = Doc.map(in, "DnsConfig");
        String nsId = Optional.ofNullable(Doc.str(in, "NamespaceId")).orElse(Doc.str(dnsConfig, "NamespaceId"));
        if (nsId == null) throw CloudMap.invalidInput("NamespaceId must be specified");
        Namespace ns = cm.namespace(nsId);
        if (Doc.map(in, "HealthCheckConfig") != null) {
            throw CloudMap.invalidInput("HealthCheckConfig (Route 53 health checks) is not supported by Dockyard; use HealthCheckCustomConfig");
        }
        Map<String, Long> records = new LinkedHashMap<>();
        String routing = null;
        if (dnsConfig != null) {
            if (!ns.dns()) throw CloudMap.invalidInput("DnsConfig is not valid for HTTP namespace " + ns.id());
            routing = Optional.ofNullable(Doc.str(dnsConfig, "RoutingPolicy")).orElse("MULTIVALUE");
            if (!routing.equals("MULTIVALUE") && !routing.equals("WEIGHTED")) throw CloudMap.invalidInput("RoutingPolicy must be MULTIVALUE or WEIGHTED");
            for (Map<String, Object> r : Doc.maps(dnsConfig, "DnsRecords")) {
                String type = Doc.str(r, "Type");
                Object ttl = r.get("TTL");
                if (!"A".equals(type) && !"SRV".equals(type)) throw CloudMap.invalidInput("DNS record type " + type + " is not supported by Dockyard (A, SRV)");
                if (records.put(type, Shapes.ttl(ttl, "DNS record TTL")) != null) throw CloudMap.invalidInput("Duplicate DNS record type " + type);
            }
            if (records.isEmpty()) throw CloudMap.invalidInput("DnsConfig needs at least one DNS record");
        }
        Integer threshold = null;
        Map<String, Object> custom = Doc.map(in, "HealthCheckCustomConfig");
        if (custom != null) threshold = Optional.ofNullable(Doc.integer(custom, "FailureThreshold")).orElse(1);
        String type = "HTTP".equals(Doc.str(in, "Type")) || records.isEmpty() ? "HTTP" : "DNS_HTTP";
        String requestId = Shapes.string(in, "CreatorRequestId", 64);
        String description = Shapes.description(in);
        var tags = Shapes.tags(in);
        String svcRouting = routing;
        Integer svcThreshold = threshold;
        DiscoveryService service = cm.store().atomically(() -> {
            Optional<DiscoveryService> same = cm.store().list(DiscoveryKinds.SERVICE, s -> s.namespaceId().equals(ns.id()) && s.name().equalsIgnoreCase(name)).stream().findFirst();
            if (same.isPresent()) {
                if (requestId != null && requestId.equals(same.get().creatorRequestId())) return same.get();
                throw new AwsException("ServiceAlreadyExists", 400, "Service " + name + " already exists in namespace " + ns.id() + " (" + same.get().id() + ")");
            }
            String id = CloudMap.newId("srv-", 16);
            DiscoveryService s = new DiscoveryService(id, "arn:aws:servicediscovery:" + ctx.region() + ":" + ctx.account() + ":service/" + id, name, ns.id(),
                    description, type, svcRouting, records, svcThreshold, requestId, cm.now(), tags, 1);
            cm.store().put(DiscoveryKinds.SERVICE, s);
            return s;
        });
        cm.changed();
        return Out.obj().with("Service", Shapes.service(cm, service, true));
    }

    private Object list(Map<String, Object> in, RequestContext ctx) {
        List<DiscoveryService> all = cm.store().list(DiscoveryKinds.SERVICE);
        for (Map<String, Object> f : Doc.maps(in, "Filters")) {
            String name = Doc.str(f, "Name");
            List<String> values = Doc.strings(f, "Values");
            String cond = Doc.str(f, "Condition");
            if ("NAMESPACE_ID".equals(name)) all = all.stream().filter(s -> Shapes.filter(s.namespaceId(), cond, values)).toList();
            else if (!"RESOURCE_OWNER".equals(name)) throw CloudMap.invalidInput("Unknown service filter " + name);
        }
        var page = Shapes.page(all, in, 100);
        return Out.obj().with("Services", page.items().stream().map(s -> Shapes.service(cm, s, false)).toList()).with("NextToken", page.nextToken());
    }

    private Object get(Map<String, Object> in, RequestContext ctx) {
        return Out.obj().with("Service", Shapes.service(cm, cm.service(Doc.str(in, "Id")), true));
    }

    private Object delete(Map<String, Object> in, RequestContext ctx) {
        cm.store().atomically(() -> {
            DiscoveryService s = cm.service(Doc.str(in, "Id"));
            if (!cm.store().list(DiscoveryKinds.INSTANCE, i -> i.serviceId().equals(s.id())).isEmpty()) {
                throw CloudMap.resourceInUse("Service " + s.id() + " has registered instances; deregister them first");
            }
            cm.store().delete(DiscoveryKinds.SERVICE, s.id());
            cm.store().delete(DiscoveryKinds.SERVICE_ATTRIBUTES, s.id());
        });
        cm.changed();
        return Out.obj();
    }

    /**
     * UpdateService: the description and the TTLs of the service's DNS records (the same record types: Cloud Map does not
     * add or remove records); a Route 53 health check is refused as at creation.
     */
    private Object update(Map<String, Object> in, RequestContext ctx) {
        Map<String, Object> change = Doc.map(in, "Service");
        if (change == null) throw CloudMap.invalidInput("Service must be specified");
        if (Doc.map(change, "HealthCheckConfig") != null) {
            throw CloudMap.invalidInput("HealthCheckConfig (Route 53 health checks) is not supported by Dockyard; use HealthCheckCustomConfig");
        }
        String description = change.containsKey("Description") ? Shapes.description(change) : null;
        Map<String, Object> dnsConfig = Doc.map(change, "DnsConfig");
        Map<String, Long> ttls = new LinkedHashMap<>();
        if (dnsConfig != null) {
            for (Map<String, Object> r : Doc.maps(dnsConfig, "DnsRecords")) {
                if (ttls.put(Doc.str(r, "Type"), Shapes.ttl(r.get("TTL"), "DNS record TTL")) != null) throw CloudMap.invalidInput("Duplicate DNS record type " + Doc.str(r, "Type"));
            }
        }
        String opId = cm.store().atomically(() -> {
            DiscoveryService s = cm.service(Doc.str(in, "Id"));
            Map<String, Long> records = s.dnsRecords();
            if (dnsConfig != null) {
                if (!ttls.keySet().equals(s.dnsRecords().keySet())) {
                    throw CloudMap.invalidInput("DnsRecords must name the service's record types " + s.dnsRecords().keySet() + ", with their new TTLs");
                }
                records = ttls;
            }
            cm.store().put(DiscoveryKinds.SERVICE, new DiscoveryService(s.id(), s.arn(), s.name(), s.namespaceId(), description != null ? description : s.description(),
                    s.type(), s.routingPolicy(), records, s.customHealthFailureThreshold(), s.creatorRequestId(), s.createDate(), s.tags(), s.revision()));
            return cm.operation("UPDATE_SERVICE", Map.of("SERVICE", s.id()));
        });
        return Out.obj().with("OperationId", opId);
    }

    private Map<String, String> attributes(DiscoveryService s) {
        return cm.store().get(DiscoveryKinds.SERVICE_ATTRIBUTES, s.id()).map(ServiceAttributes::attributes).orElse(Map.of());
    }

    private Object getAttributes(Map<String, Object> in, RequestContext ctx) {
        DiscoveryService s = cm.service(Doc.str(in, "ServiceId"));
        return Out.obj().with("ServiceAttributes", Out.obj().with("ServiceArn", s.arn()).with("ResourceOwner", ctx.account())
                .with("Attributes", attributes(s)));
    }

    /** UpdateServiceAttributes: adds or replaces attributes; at most 30 in all (ServiceAttributesLimitExceededException). */
    private Object updateAttributes(Map<String, Object> in, RequestContext ctx) {
        Map<String, Object> given = Doc.map(in, "Attributes");
        if (given == null || given.isEmpty()) throw CloudMap.invalidInput("Attributes must be specified");
        Map<String, String> added = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            if (!(v instanceof String value) || k.isEmpty() || k.length() > 255 || value.length() > 1024) throw CloudMap.invalidInput("Attribute " + k + " is not valid");
            added.put(k, value);
        });
        cm.store().atomically(() -> {
            DiscoveryService s = cm.service(Doc.str(in, "ServiceId"));
            Map<String, String> all = new LinkedHashMap<>(attributes(s));
            all.putAll(added);
            if (all.size() > 30) throw new io.dockyard.core.AwsException("ServiceAttributesLimitExceededException", 400, "A service can have at most 30 attributes");
            cm.store().put(DiscoveryKinds.SERVICE_ATTRIBUTES, new ServiceAttributes(s.id(), all));
            return null;
        });
        return Out.obj();
    }

    /** DeleteServiceAttributes: removes the named keys (unknown ones are ignored). */
    private Object deleteAttributes(Map<String, Object> in, RequestContext ctx) {
        List<String> keys = Doc.strings(in, "Attributes");
        if (keys == null || keys.isEmpty()) throw CloudMap.invalidInput("Attributes must be specified");
        cm.store().atomically(() -> {
            DiscoveryService s = cm.service(Doc.str(in, "ServiceId"));
            Map<String, String> all = new LinkedHashMap<>(attributes(s));
            keys.forEach(all::remove);
            cm.store().put(DiscoveryKinds.SERVICE_ATTRIBUTES, new ServiceAttributes(s.id(), all));
            return null;
        });
        return Out.obj();
    }
}
