package io.dockyard.discovery.api;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Tag;
import io.dockyard.discovery.CloudMap;
import io.dockyard.discovery.model.DiscoveryKinds;
import io.dockyard.discovery.model.DiscoveryService;
import io.dockyard.discovery.model.Namespace;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** TagResource, UntagResource, ListTagsForResource on namespaces and services, by ARN. */
public final class TagOperations {
    private final CloudMap cm;

    public TagOperations(CloudMap cm) { this.cm = cm; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("TagResource", this::tag), NamedOperation.of("UntagResource", this::untag),
                NamedOperation.of("ListTagsForResource", this::list));
    }

    private Object tag(Map<String, Object> in, RequestContext ctx) {
        List<Tag> added = Shapes.tags(in);
        if (added.isEmpty()) throw CloudMap.invalidInput("Tags must be specified");
        update(Doc.str(in, "ResourceARN"), current -> {
            Map<String, String> m = new LinkedHashMap<>();
            current.forEach(t -> m.put(t.key(), t.value()));
            added.forEach(t -> m.put(t.key(), t.value()));
            if (m.size() > Tag.MAX) throw new AwsException("TooManyTagsException", 400, "A resource can have at most 50 tags");
            return m.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
        });
        return Out.obj();
    }

    private Object untag(Map<String, Object> in, RequestContext ctx) {
        List<String> keys = Doc.strings(in, "TagKeys");
        if (keys == null || keys.isEmpty()) throw CloudMap.invalidInput("TagKeys must be specified");
        Set<String> gone = Set.copyOf(keys);
        update(Doc.str(in, "ResourceARN"), current -> current.stream().filter(t -> !gone.contains(t.key())).toList());
        return Out.obj();
    }

    private Object list(Map<String, Object> in, RequestContext ctx) {
        String arn = arn(Doc.str(in, "ResourceARN"));
        List<Tag> tags = namespace(arn).map(Namespace::tags).or(() -> service(arn).map(DiscoveryService::tags)).orElseThrow(() -> notFound(arn));
        List<Out> out = new ArrayList<>();
        if (tags != null) tags.forEach(t -> out.add(Out.obj().with("Key", t.key()).with("Value", t.value())));
        return Out.obj().with("Tags", out);
    }

    private void update(String given, UnaryOperator<List<Tag>> change) {
        String arn = arn(given);
        cm.store().atomically(() -> {
            Optional<Namespace> ns = namespace(arn);
            if (ns.isPresent()) {
                Namespace n = ns.get();
                cm.store().put(DiscoveryKinds.NAMESPACE, new Namespace(n.id(), n.arn(), n.name(), n.type(), n.description(), n.hostedZoneId(), n.soaTtl(),
                        n.creatorRequestId(), n.createDate(), change.apply(n.tags() == null ? List.of() : n.tags())));
                return null;
            }
            DiscoveryService s = service(arn).orElseThrow(() -> notFound(arn));
            cm.store().put(DiscoveryKinds.SERVICE, new DiscoveryService(s.id(), s.arn(), s.name(), s.namespaceId(), s.description(), s.type(),
                    s.routingPolicy(), s.dnsRecords(), s.customHealthFailureThreshold(), s.creatorRequestId(), s.createDate(),
                    change.apply(s.tags() == null ? List.of() : s.tags()), s.revision()));
            return null;
        });
    }

    private static String arn(String arn) {
        if (arn == null || arn.isEmpty()) throw CloudMap.invalidInput("ResourceARN must be specified");
        if (!arn.startsWith("arn:aws:servicediscovery:") || !(arn.contains(":namespace/") || arn.contains(":service/"))) {
            throw CloudMap.invalidInput("ResourceARN is not a Cloud Map namespace or service ARN: " + arn);
        }
        return arn;
    }

    private Optional<Namespace> namespace(String arn) {
        if (!arn.contains(":namespace/")) return Optional.empty();
        return cm.store().get(DiscoveryKinds.NAMESPACE, arn.substring(arn.lastIndexOf('/') + 1)).filter(n -> n.arn().equals(arn));
    }

    private Optional<DiscoveryService> service(String arn) {
        if (!arn.contains(":service/")) return Optional.empty();
        return cm.store().get(DiscoveryKinds.SERVICE, arn.substring(arn.lastIndexOf('/') + 1)).filter(s -> s.arn().equals(arn));
    }

    private static AwsException notFound(String arn) {
        return new AwsException("ResourceNotFoundException", 400, "Resource not found: " + arn);
    }
}
