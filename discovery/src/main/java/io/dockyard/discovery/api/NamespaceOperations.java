package io.dockyard.discovery.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.discovery.CloudMap;
import io.dockyard.discovery.model.AsyncOperation;
import io.dockyard.discovery.model.DiscoveryKinds;
import io.dockyard.discovery.model.Namespace;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** CreatePrivateDnsNamespace, CreateHttpNamespace, ListNamespaces, GetNamespace, DeleteNamespace, GetOperation. */
public final class NamespaceOperations {
    private final CloudMap cm;

    public NamespaceOperations(CloudMap cm) { this.cm = cm; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreatePrivateDnsNamespace", (in, ctx) -> create(in, ctx, "DNS_PRIVATE")),
                NamedOperation.of("CreateHttpNamespace", (in, ctx) -> create(in, ctx, "HTTP")),
                NamedOperation.of("ListNamespaces", this::list), NamedOperation.of("GetNamespace", this::get),
                NamedOperation.of("DeleteNamespace", this::delete), NamedOperation.of("GetOperation", this::getOperation),
                NamedOperation.of("ListOperations", this::listOperations),
                NamedOperation.of("UpdateHttpNamespace", (in, ctx) -> update(in, "HTTP")),
                NamedOperation.of("UpdatePrivateDnsNamespace", (in, ctx) -> update(in, "DNS_PRIVATE")),
                NamedOperation.of("CreatePublicDnsNamespace", (in, ctx) -> create(in, ctx, "DNS_PUBLIC")),
                NamedOperation.of("UpdatePublicDnsNamespace", (in, ctx) -> update(in, "DNS_PUBLIC")));
    }

    private Object create(Map<String, Object> in, RequestContext ctx, String type) {
        String name = Doc.str(in, "Name");
        if (name == null || name.isEmpty() || name.startsWith("arn:") || !name.matches("[!-~]{1,1024}")) throw CloudMap.invalidInput("Namespace name is not valid: " + name);
        boolean dns = !type.equals("HTTP");
        if (dns) {
            if (name.length() > 253 || !name.matches("([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?\\.)*[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?\\.?")) {
                throw CloudMap.invalidInput("Namespace name is not a valid DNS domain name: " + name);
            }
            if (type.equals("DNS_PRIVATE") && (Doc.str(in, "Vpc") == null || Doc.str(in, "Vpc").isEmpty())) throw CloudMap.invalidInput("Vpc must be specified");
        }
        String canonical = dns ? name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "") : name;
        Long ttl = 15L;
        Map<String, Object> soa = Doc.map(Doc.map(Doc.map(in, "Properties"), "DnsProperties"), "SOA");
        if (soa != null) {
            ttl = Shapes.ttl(soa.get("TTL"), "SOA TTL");
        }
        String requestId = Shapes.string(in, "CreatorRequestId", 64);
        String description = Shapes.description(in);
        var tags = Shapes.tags(in);
        long soaTtl = ttl;
        String opId = cm.store().atomically(() -> {
            Optional<Namespace> same = cm.store().list(DiscoveryKinds.NAMESPACE, n -> n.name().equals(canonical)).stream().findFirst();
            if (same.isPresent()) {
                Namespace n = same.get();
                if (requestId != null && requestId.equals(n.creatorRequestId())) {
                    return cm.store().list(DiscoveryKinds.OPERATION, o -> n.id().equals(o.targets().get("NAMESPACE")) && o.type().equals("CREATE_NAMESPACE"))
                            .stream().findFirst().map(AsyncOperation::id).orElseGet(() -> cm.operation("CREATE_NAMESPACE", Map.of("NAMESPACE", n.id())));
                }
                throw new AwsException("NamespaceAlreadyExists", 400, "Namespace " + canonical + " already exists (" + n.id() + ")");
            }
            String id = CloudMap.newId("ns-", 16);
            Namespace n = new Namespace(id, "arn:aws:servicediscovery:" + ctx.region() + ":" + ctx.account() + ":namespace/" + id, canonical, type,
                    description, dns ? "Z" + CloudMap.newId("", 13).toUpperCase(Locale.ROOT) : null,
                    dns ? soaTtl : null, requestId, cm.now(), tags);
            cm.store().put(DiscoveryKinds.NAMESPACE, n);
            return cm.operation("CREATE_NAMESPACE", Map.of("NAMESPACE", id));
        });
        cm.changed();
        return Out.obj().with("OperationId", opId);
    }

    private Object list(Map<String, Object> in, RequestContext ctx) {
        List<Namespace> all = cm.store().list(DiscoveryKinds.NAMESPACE);
        for (Map<String, Object> f : Doc.maps(in, "Filters")) {
            String name = Doc.str(f, "Name");
            List<String> values = Doc.strings(f, "Values");
            String cond = Doc.str(f, "Condition");
            all = all.stream().filter(n -> switch (name == null ? "" : name) {
                case "TYPE" -> Shapes.filter(n.type(), cond, values);
                case "NAME", "HTTP_NAME" -> Shapes.filter(n.name(), cond, values);
                case "RESOURCE_OWNER" -> true;
                default -> throw CloudMap.invalidInput("Unknown namespace filter " + name);
            }).toList();
        }
        var page = Shapes.page(all, in, 100);
        return Out.obj().with("Namespaces", page.items().stream().map(n -> Shapes.namespace(cm, n, false)).toList()).with("NextToken", page.nextToken());
    }

    private Object get(Map<String, Object> in, RequestContext ctx) {
        return Out.obj().with("Namespace", Shapes.namespace(cm, cm.namespace(Doc.str(in, "Id")), true));
    }

    private Object delete(Map<String, Object> in, RequestContext ctx) {
        String opId = cm.store().atomically(() -> {
            Namespace n = cm.namespace(Doc.str(in, "Id"));
            if (!cm.store().list(DiscoveryKinds.SERVICE, s -> s.namespaceId().equals(n.id())).isEmpty()) {
                throw CloudMap.resourceInUse("Namespace " + n.id() + " has services; delete them first");
            }
            cm.store().delete(DiscoveryKinds.NAMESPACE, n.id());
            return cm.operation("DELETE_NAMESPACE", Map.of("NAMESPACE", n.id()));
        });
        cm.changed();
        return Out.obj().with("OperationId", opId);
    }

    private Object getOperation(Map<String, Object> in, RequestContext ctx) {
        String id = Doc.str(in, "OperationId");
        if (id == null || id.isEmpty()) throw CloudMap.invalidInput("OperationId must be specified");
        AsyncOperation op = cm.store().get(DiscoveryKinds.OPERATION, id)
                .orElseThrow(() -> new AwsException("OperationNotFound", 400, "Operation not found: " + id));
        return Out.obj().with("Operation", Out.obj().with("Id", op.id()).with("Type", op.type()).with("Status", op.status())
                .with("CreateDate", op.createDate()).with("UpdateDate", op.updateDate()).with("Targets", op.targets()));
    }

    /**
     * ListOperations: the operations, oldest first, filtered as Cloud Map filters them (NAMESPACE_ID, SERVICE_ID, STATUS,
     * TYPE with EQ or IN; UPDATE_DATE with BETWEEN two epoch-second values), paged by 100.
     */
    private Object listOperations(Map<String, Object> in, RequestContext ctx) {
        List<java.util.function.Predicate<AsyncOperation>> tests = new java.util.ArrayList<>();
        for (Map<String, Object> f : Doc.maps(in, "Filters")) {
            String name = Doc.str(f, "Name");
            List<String> values = Doc.strings(f, "Values");
            String condition = Doc.str(f, "Condition") == null ? "EQ" : Doc.str(f, "Condition");
            if (values == null || values.isEmpty()) throw CloudMap.invalidInput("Filter " + name + " needs Values");
            if (name == null) throw CloudMap.invalidInput("Filter Name must be specified");
            switch (name) {
                case "NAMESPACE_ID", "SERVICE_ID", "STATUS", "TYPE" -> {
                    if (!condition.equals("EQ") && !condition.equals("IN")) throw CloudMap.invalidInput("Filter " + name + " takes the condition EQ or IN");
                    if (condition.equals("EQ") && values.size() != 1) throw CloudMap.invalidInput("Filter " + name + " with EQ takes one value");
                    java.util.Set<String> allowed = new java.util.HashSet<>(values); // contains(null) is false, not a failure
                    tests.add(switch (name) {
                        case "NAMESPACE_ID" -> op -> op.targets() != null && allowed.contains(op.targets().get("NAMESPACE"));
                        case "SERVICE_ID" -> op -> op.targets() != null && allowed.contains(op.targets().get("SERVICE"));
                        case "STATUS" -> op -> allowed.contains(op.status());
                        default -> op -> allowed.contains(op.type());
                    });
                }
                case "UPDATE_DATE" -> {
                    if (!condition.equals("BETWEEN") || values.size() != 2) throw CloudMap.invalidInput("Filter UPDATE_DATE takes the condition BETWEEN and two values");
                    java.time.Instant from = epoch(values.get(0)), to = epoch(values.get(1));
                    tests.add(op -> op.updateDate() != null && !op.updateDate().isBefore(from) && !op.updateDate().isAfter(to));
                }
                default -> throw CloudMap.invalidInput("Filter name is not valid: " + name);
            }
        }
        List<AsyncOperation> ops = cm.store().list(DiscoveryKinds.OPERATION, op -> tests.stream().allMatch(t -> t.test(op)));
        var page = Shapes.page(ops, in, 100);
        return Out.obj().with("Operations", page.items().stream().map(op -> Out.obj().with("Id", op.id()).with("Status", op.status())).toList())
                .with("NextToken", page.nextToken());
    }

    private static java.time.Instant epoch(String v) {
        try {
            return java.time.Instant.ofEpochMilli((long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw CloudMap.invalidInput("UPDATE_DATE values are epoch seconds: " + v);
        }
    }

    /** UpdateHttpNamespace / UpdatePrivateDnsNamespace: the description, and a private DNS namespace's SOA TTL. */
    private Object update(Map<String, Object> in, String type) {
        Map<String, Object> change = Doc.map(in, "Namespace");
        if (change == null) throw CloudMap.invalidInput("Namespace must be specified");
        String description = change.containsKey("Description") ? Shapes.description(change) : null;
        Map<String, Object> soa = Doc.map(Doc.map(Doc.map(change, "Properties"), "DnsProperties"), "SOA");
        Long soaTtl = soa == null ? null : Shapes.ttl(soa.get("TTL"), "SOA TTL");
        String opId = cm.store().atomically(() -> {
            Namespace n = cm.namespace(Doc.str(in, "Id"));
            if (!n.type().equals(type)) throw CloudMap.invalidInput("Namespace " + n.id() + " is a " + n.type() + " namespace, not " + type);
            cm.store().put(DiscoveryKinds.NAMESPACE, new Namespace(n.id(), n.arn(), n.name(), n.type(), description != null ? description : n.description(),
                    n.hostedZoneId(), soaTtl != null ? soaTtl : n.soaTtl(), n.creatorRequestId(), n.createDate(), n.tags()));
            return cm.operation("UPDATE_NAMESPACE", Map.of("NAMESPACE", n.id()));
        });
        return Out.obj().with("OperationId", opId);
    }
}
