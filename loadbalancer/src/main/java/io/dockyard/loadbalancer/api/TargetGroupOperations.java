package io.dockyard.loadbalancer.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.loadbalancer.ElbArns;
import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.model.HealthCheck;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Registration;
import io.dockyard.loadbalancer.model.TargetGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.dockyard.protocol.QueryParams.integer;
import static io.dockyard.protocol.QueryParams.maps;
import static io.dockyard.protocol.QueryParams.required;
import static io.dockyard.protocol.QueryParams.str;
import static io.dockyard.protocol.QueryParams.strings;

/** CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup and the attribute operations. */
public final class TargetGroupOperations {
    private final Elbv2 elb;

    public TargetGroupOperations(Elbv2 elb) { this.elb = elb; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateTargetGroup", this::create), NamedOperation.of("DescribeTargetGroups", this::describe),
                NamedOperation.of("ModifyTargetGroup", this::modify), NamedOperation.of("DeleteTargetGroup", this::delete),
                NamedOperation.of("DescribeTargetGroupAttributes", this::describeAttributes),
                NamedOperation.of("ModifyTargetGroupAttributes", this::modifyAttributes));
    }

    private Object create(Map<String, Object> in, RequestContext ctx) {
        String name = required(in, "Name");
        LoadBalancerOperations.validateName("target group", name);
        String targetType = Optional.ofNullable(str(in, "TargetType")).orElse("instance");
        if (!Set.of("instance", "ip").contains(targetType)) throw ElbErrors.validation("Target type '" + targetType + "' is not supported by Dockyard (instance or ip)");
        String protocol = str(in, "Protocol");
        if (protocol == null) throw ElbErrors.validation("A protocol must be specified for target groups of type '" + targetType + "'");
        if (!Set.of("HTTP", "TCP").contains(protocol)) throw ElbErrors.validation("Target group protocol '" + protocol + "' is not supported by Dockyard (HTTP or TCP)");
        Integer port = integer(in, "Port", 1, 65535);
        if (port == null) throw ElbErrors.validation("A port must be specified for target groups of type '" + targetType + "'");
        String version = str(in, "ProtocolVersion");
        if (version != null && !protocol.equals("HTTP")) throw ElbErrors.validation("A protocol version can only be specified for HTTP and HTTPS target groups");
        if (version != null && !version.equals("HTTP1")) throw ElbErrors.validation("Dockyard supports protocol version HTTP1 only");
        String vpc = Optional.ofNullable(str(in, "VpcId")).orElse("vpc-dockyard");
        HealthCheck hc = TargetGroupSettings.apply(TargetGroupSettings.defaults(protocol), in);
        var tags = TagOperations.parse(in);
        TargetGroup tg = elb.store().atomically(() -> {
            Optional<TargetGroup> existing = elb.store().list(LbKinds.TARGET_GROUP, t -> t.name().equals(name)).stream().findFirst();
            if (existing.isPresent()) {
                TargetGroup e = existing.get();
                if (e.protocol().equals(protocol) && port.equals(e.port()) && e.targetType().equals(targetType) && e.healthCheck().equals(hc)) return e;
                throw ElbErrors.duplicateTargetGroup(name);
            }
            TargetGroup created = new TargetGroup(Elbv2.arns(ctx).targetGroup(name, ElbArns.newId()), name, protocol,
                    protocol.equals("HTTP") ? "HTTP1" : null, port, vpc, targetType, "ipv4", hc, TargetGroupSettings.defaultAttributes(protocol));
            elb.store().put(LbKinds.TARGET_GROUP, created);
            TagOperations.store(elb, created.arn(), tags);
            return created;
        });
        return Out.obj().with("TargetGroups", List.of(Shapes.targetGroup(elb.store(), tg)));
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        String lbArn = str(in, "LoadBalancerArn");
        List<String> arns = strings(in, "TargetGroupArns");
        List<String> names = strings(in, "Names");
        if ((lbArn != null ? 1 : 0) + (arns.isEmpty() ? 0 : 1) + (names.isEmpty() ? 0 : 1) > 1) {
            throw ElbErrors.validation("Target group names, target group ARNs and a load balancer ARN cannot be specified at the same time");
        }
        List<TargetGroup> found = new ArrayList<>();
        if (lbArn != null) {
            elb.loadBalancer(lbArn);
            found.addAll(elb.store().list(LbKinds.TARGET_GROUP, t -> Shapes.loadBalancersUsing(elb.store(), t.arn()).contains(lbArn)));
        } else if (!arns.isEmpty()) {
            for (String a : arns) found.add(elb.targetGroup(a));
        } else if (!names.isEmpty()) {
            for (String n : names) found.add(elb.store().list(LbKinds.TARGET_GROUP, t -> t.name().equals(n)).stream().findFirst().orElseThrow(ElbErrors::targetGroupNotFound));
        } else {
            found.addAll(elb.store().list(LbKinds.TARGET_GROUP));
        }
        var page = Shapes.page(found, str(in, "Marker"), integer(in, "PageSize", 1, 400));
        return Out.obj().with("TargetGroups", page.items().stream().map(t -> Shapes.targetGroup(elb.store(), t)).toList()).with("NextMarker", page.nextToken());
    }

    private Object modify(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "TargetGroupArn");
        TargetGroup tg = elb.store().atomically(() -> {
            TargetGroup t = elb.targetGroup(arn);
            TargetGroup changed = t.withHealthCheck(TargetGroupSettings.apply(t.healthCheck(), in));
            elb.store().put(LbKinds.TARGET_GROUP, changed);
            return changed;
        });
        elb.dataPlane().changed();
        return Out.obj().with("TargetGroups", List.of(Shapes.targetGroup(elb.store(), tg)));
    }

    private Object delete(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "TargetGroupArn");
        elb.store().atomically(() -> {
            if (elb.store().get(LbKinds.TARGET_GROUP, arn).isEmpty()) return;
            if (!Shapes.loadBalancersUsing(elb.store(), arn).isEmpty()) {
                throw ElbErrors.resourceInUse("Target group '" + arn + "' is currently in use by a listener or a rule");
            }
            for (Registration r : elb.store().list(LbKinds.REGISTRATION, r -> r.targetGroupArn().equals(arn))) elb.store().delete(LbKinds.REGISTRATION, r.key());
            elb.store().delete(LbKinds.TARGET_GROUP, arn);
            elb.store().delete(LbKinds.TAGS, arn);
        });
        elb.dataPlane().changed();
        return Out.obj();
    }

    private static List<Object> attributes(Map<String, String> attrs) {
        return attrs.entrySet().stream().<Object>map(e -> Out.obj().with("Key", e.getKey()).with("Value", e.getValue())).toList();
    }

    private Object describeAttributes(Map<String, Object> in, RequestContext ctx) {
        return Out.obj().with("Attributes", attributes(elb.targetGroup(required(in, "TargetGroupArn")).attributes()));
    }

    private Object modifyAttributes(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "TargetGroupArn");
        List<Map<String, Object>> changes = maps(in, "Attributes");
        if (changes.isEmpty()) throw ElbErrors.validation("1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null");
        TargetGroup tg = elb.store().atomically(() -> {
            TargetGroup t = elb.targetGroup(arn);
            Map<String, String> attrs = new LinkedHashMap<>(t.attributes());
            for (Map<String, Object> c : changes) {
                TargetGroupSettings.validateAttribute(attrs, str(c, "Key"), str(c, "Value"));
                attrs.put(str(c, "Key"), str(c, "Value"));
            }
            TargetGroup changed = t.withAttributes(attrs);
            elb.store().put(LbKinds.TARGET_GROUP, changed);
            return changed;
        });
        elb.dataPlane().changed();
        return Out.obj().with("Attributes", attributes(tg.attributes()));
    }
}
