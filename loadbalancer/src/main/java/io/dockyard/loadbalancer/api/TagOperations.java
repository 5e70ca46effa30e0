package io.dockyard.loadbalancer.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.model.Tag;
import io.dockyard.loadbalancer.ElbArns;
import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.ResourceTags;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.dockyard.protocol.QueryParams.maps;
import static io.dockyard.protocol.QueryParams.str;
import static io.dockyard.protocol.QueryParams.strings;

/** AddTags, RemoveTags, DescribeTags on load balancers, target groups, listeners and rules; and tag rules for the creates. */
public final class TagOperations {
    private final Elbv2 elb;

    public TagOperations(Elbv2 elb) { this.elb = elb; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("AddTags", this::add), NamedOperation.of("RemoveTags", this::remove), NamedOperation.of("DescribeTags", this::describe));
    }

    /** The Tags member of a request: keys 1–128, values up to 256, no duplicates, no {@code aws:} prefix. */
    public static List<Tag> parse(Map<String, Object> in) {
        List<Tag> tags = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> t : maps(in, "Tags")) {
            String key = str(t, "Key");
            String value = str(t, "Value");
            if (key == null || key.isEmpty() || key.length() > 128) throw ElbErrors.validation("Tag keys must be between 1 and 128 characters");
            if (value != null && value.length() > 256) throw ElbErrors.validation("Tag values must be at most 256 characters");
            if (key.startsWith("aws:")) throw ElbErrors.validation("Tag keys starting with 'aws:' are reserved");
            if (!keys.add(key)) throw ElbErrors.duplicateTagKeys(key);
            tags.add(new Tag(key, value == null ? "" : value));
        }
        if (tags.size() > 50) throw ElbErrors.tooManyTags();
        return tags;
    }

    /** Stores the tags of a new resource (none: nothing stored). */
    public static void store(Elbv2 elb, String arn, List<Tag> tags) {
        if (!tags.isEmpty()) elb.store().put(LbKinds.TAGS, new ResourceTags(arn, tags));
    }

    public static List<Tag> of(Elbv2 elb, String arn) {
        return elb.store().get(LbKinds.TAGS, arn).map(ResourceTags::tags).orElse(List.of());
    }

    private void requireExists(String arn) {
        String kind = ElbArns.kind(arn);
        if ("loadbalancer".equals(kind)) elb.loadBalancer(arn);
        else if ("targetgroup".equals(kind)) elb.targetGroup(arn);
        else if ("listener".equals(kind)) elb.listener(arn);
        else if ("listener-rule".equals(kind)) {
            if (elb.store().list(LbKinds.LISTENER, l -> arn.equals(l.defaultRuleArn())).isEmpty()) elb.rule(arn);
        } else throw ElbErrors.validation("'" + arn + "' is not a valid load balancer, target group, listener or rule ARN");
    }

    private List<String> arns(Map<String, Object> in) {
        List<String> arns = strings(in, "ResourceArns");
        if (arns.isEmpty()) throw ElbErrors.validation("1 validation error detected: Value null at 'resourceArns' failed to satisfy constraint: Member must not be null");
        if (arns.size() > 20) throw ElbErrors.validation("At most 20 resource ARNs can be specified");
        arns.forEach(this::requireExists);
        return arns;
    }

    private Object add(Map<String, Object> in, RequestContext ctx) {
        List<String> arns = arns(in);
        List<Tag> tags = parse(in);
        if (tags.isEmpty()) throw ElbErrors.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        elb.store().atomically(() -> {
            for (String arn : arns) {
                Map<String, String> merged = new LinkedHashMap<>();
                of(elb, arn).forEach(t -> merged.put(t.key(), t.value()));
                tags.forEach(t -> merged.put(t.key(), t.value()));
                if (merged.size() > 50) throw ElbErrors.tooManyTags();
                elb.store().put(LbKinds.TAGS, new ResourceTags(arn, merged.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList()));
            }
        });
        return Out.obj();
    }

    private Object remove(Map<String, Object> in, RequestContext ctx) {
        List<String> arns = arns(in);
        Set<String> keys = new HashSet<>(strings(in, "TagKeys"));
        elb.store().atomically(() -> {
            for (String arn : arns) {
                List<Tag> left = of(elb, arn).stream().filter(t -> !keys.contains(t.key())).toList();
                if (left.isEmpty()) elb.store().delete(LbKinds.TAGS, arn);
                else elb.store().put(LbKinds.TAGS, new ResourceTags(arn, left));
            }
        });
        return Out.obj();
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        List<Object> out = new ArrayList<>();
        for (String arn : arns(in)) out.add(Out.obj().with("ResourceArn", arn).with("Tags", Shapes.tags(of(elb, arn))));
        return Out.obj().with("TagDescriptions", out);
    }
}
