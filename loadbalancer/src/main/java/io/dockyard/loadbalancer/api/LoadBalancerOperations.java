package io.dockyard.loadbalancer.api;

import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.loadbalancer.ElbArns;
import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Listener;
import io.dockyard.loadbalancer.model.LoadBalancer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static io.dockyard.protocol.QueryParams.integer;
import static io.dockyard.protocol.QueryParams.required;
import static io.dockyard.protocol.QueryParams.str;
import static io.dockyard.protocol.QueryParams.strings;
import static io.dockyard.protocol.QueryParams.maps;

/** CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer. */
public final class LoadBalancerOperations {
    private final Elbv2 elb;

    public LoadBalancerOperations(Elbv2 elb) { this.elb = elb; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateLoadBalancer", this::create), NamedOperation.of("DescribeLoadBalancers", this::describe),
                NamedOperation.of("DeleteLoadBalancer", this::delete));
    }

    static void validateName(String what, String name) {
        if (name.length() > 32) throw ElbErrors.validation("The " + what + " name '" + name + "' cannot be longer than '32' characters");
        if (!name.matches("[a-zA-Z0-9-]+")) throw ElbErrors.validation("The " + what + " name '" + name + "' can only contain characters that are alphanumeric characters and hyphens(-)");
        if (name.startsWith("-") || name.endsWith("-")) throw ElbErrors.validation("The " + what + " name '" + name + "' cannot begin or end with a hyphen");
    }

    private Object create(Map<String, Object> in, RequestContext ctx) {
        String name = required(in, "Name");
        validateName("load balancer", name);
        if (name.startsWith("internal-")) throw ElbErrors.validation("Load balancer names cannot start with 'internal-'");
        String type = Optional.ofNullable(str(in, "Type")).orElse("application");
        if (!type.equals("application") && !type.equals("network")) {
            throw ElbErrors.invalidConfiguration("Load balancer type '" + type + "' is not supported by Dockyard (application or network)");
        }
        String scheme = Optional.ofNullable(str(in, "Scheme")).orElse("internet-facing");
        if (!scheme.equals("internet-facing") && !scheme.equals("internal")) throw new io.dockyard.core.AwsException("InvalidScheme", 400, "Scheme must be internet-facing or internal");
        String ipType = Optional.ofNullable(str(in, "IpAddressType")).orElse("ipv4");
        if (!ipType.equals("ipv4")) throw ElbErrors.invalidConfiguration("Dockyard load balancers are ipv4 only");
        List<String> subnets = new ArrayList<>(strings(in, "Subnets"));
        for (Map<String, Object> m : maps(in, "SubnetMappings")) if (str(m, "SubnetId") != null) subnets.add(str(m, "SubnetId"));
        List<String> groups = strings(in, "SecurityGroups");
        var tags = TagOperations.parse(in);
        LoadBalancer lb = elb.store().atomically(() -> {
            Optional<LoadBalancer> existing = elb.store().list(LbKinds.LOAD_BALANCER, l -> l.name().equals(name)).stream().findFirst();
            if (existing.isPresent()) {
                LoadBalancer e = existing.get();
                if (e.type().equals(type) && e.scheme().equals(scheme)) return e;
                throw ElbErrors.duplicateLoadBalancer(name);
            }
            ElbArns arns = Elbv2.arns(ctx);
            String arnType = type.equals("network") ? "net" : "app";
            String dns = (scheme.equals("internal") ? "internal-" : "") + name + "-" + (1_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999L))
                    + "." + ctx.region() + ".elb.localhost";
            LoadBalancer created = new LoadBalancer(arns.loadBalancer(arnType, name, ElbArns.newId()), name, type, scheme, ipType, dns, "provisioning",
                    "vpc-dockyard", elb.availabilityZone(), subnets.isEmpty() ? List.of("subnet-dockyard") : subnets,
                    type.equals("application") ? (groups.isEmpty() ? List.of("sg-dockyard") : groups) : groups, elb.now());
            elb.store().put(LbKinds.LOAD_BALANCER, created);
            TagOperations.store(elb, created.arn(), tags);
            return created;
        });
        elb.dataPlane().changed();
        return Out.obj().with("LoadBalancers", List.of(Shapes.loadBalancer(lb)));
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        List<String> arns = strings(in, "LoadBalancerArns");
        List<String> names = strings(in, "Names");
        if (!arns.isEmpty() && !names.isEmpty()) throw ElbErrors.validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
        Integer pageSize = integer(in, "PageSize", 1, 400);
        List<LoadBalancer> found = new ArrayList<>();
        if (!arns.isEmpty()) {
            for (String a : arns) found.add(elb.loadBalancer(a));
        } else if (!names.isEmpty()) {
            for (String n : names) {
                found.add(elb.store().list(LbKinds.LOAD_BALANCER, l -> l.name().equals(n)).stream().findFirst().orElseThrow(ElbErrors::loadBalancerNotFound));
            }
        } else {
            found.addAll(elb.store().list(LbKinds.LOAD_BALANCER));
        }
        var page = Shapes.page(found, str(in, "Marker"), pageSize);
        return Out.obj().with("LoadBalancers", page.items().stream().map(Shapes::loadBalancer).toList()).with("NextMarker", page.nextToken());
    }

    private Object delete(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "LoadBalancerArn");
        List<Listener> listeners = elb.store().atomically(() -> {
            if (elb.store().get(LbKinds.LOAD_BALANCER, arn).isEmpty()) return List.<Listener>of();
            List<Listener> ls = elb.store().list(LbKinds.LISTENER, l -> l.loadBalancerArn().equals(arn));
            for (Listener l : ls) ListenerOperations.deleteRecords(elb, l);
            elb.store().delete(LbKinds.LOAD_BALANCER, arn);
            elb.store().delete(LbKinds.TAGS, arn);
            return ls;
        });
        listeners.forEach(l -> elb.dataPlane().close(l.arn()));
        elb.dataPlane().changed();
        return Out.obj();
    }
}
