package io.dockyard.api.ecs.instance;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Attribute rules shared by PutAttributes and DeleteAttributes: names, values, the container-instance target. */
final class AttributeTargets {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.\\-/]{1,128}");
    private static final Pattern VALUE = Pattern.compile("[a-zA-Z0-9_.\\-/:() @]{1,128}");

    private AttributeTargets() {}

    record Targeted(ContainerInstance instance, Attribute attribute) {}

    static List<Map<String, Object>> attributes(Map<String, Object> in) {
        List<Map<String, Object>> attrs = Doc.maps(in, "attributes");
        if (attrs.isEmpty()) throw AwsException.invalidParameter("attributes can not be empty.");
        if (attrs.size() > 10) throw AwsException.invalidParameter("attributes can have at most 10 elements.");
        return attrs;
    }

    /**
     * Applies {@code change} to each targeted instance's attribute list in one transaction and
     * returns the attributes as the response lists them.
     */
    static List<Object> apply(Ecs ecs, io.dockyard.protocol.RequestContext ctx, Map<String, Object> in, boolean validateValues,
                              java.util.function.BiFunction<List<Attribute>, Attribute, List<Attribute>> change) {
        var attrs = attributes(in);
        List<Object> out = new java.util.ArrayList<>();
        ecs.store().atomically(() -> {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
            for (Map<String, Object> a : attrs) {
                Targeted t = target(ecs, cluster, a, validateValues);
                ContainerInstance i = ecs.store().get(io.dockyard.core.port.Kinds.CONTAINER_INSTANCE, t.instance().arn()).orElseThrow();
                ecs.store().put(io.dockyard.core.port.Kinds.CONTAINER_INSTANCE, i.withAttributes(change.apply(i.attributes(), t.attribute())));
                out.add(wire(t.attribute()));
            }
            return null;
        });
        return out;
    }

    static io.dockyard.protocol.Out wire(Attribute a) {
        return io.dockyard.protocol.Out.obj().with("name", a.name()).with("value", a.value()).with("targetType", a.targetType()).with("targetId", a.targetId());
    }

    static Targeted target(Ecs ecs, Cluster cluster, Map<String, Object> a, boolean requireValidValue) {
        String name = Doc.str(a, "name");
        String value = Doc.str(a, "value");
        String type = Doc.str(a, "targetType");
        String id = Doc.str(a, "targetId");
        if (name == null || !NAME.matcher(name).matches()) throw AwsException.invalidParameter("Attribute name is invalid: " + name);
        if (requireValidValue && value != null && !VALUE.matcher(value).matches()) throw AwsException.invalidParameter("Attribute value is invalid: " + value);
        if (type != null && !"container-instance".equals(type)) throw AwsException.invalidParameter("targetType should be container-instance.");
        if (id == null) throw AwsException.invalidParameter("targetId is required for the attribute " + name + ".");
        ContainerInstance i = InstanceRefs.find(ecs, cluster, id)
                .orElseThrow(() -> new AwsException("TargetNotFoundException", 400, "Could not find " + id + "."));
        return new Targeted(i, new Attribute(name, value, "container-instance", i.arn()));
    }
}
