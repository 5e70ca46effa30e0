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
import io.dockyard.loadbalancer.model.Rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.dockyard.protocol.QueryParams.integer;
import static io.dockyard.protocol.QueryParams.maps;
import static io.dockyard.protocol.QueryParams.required;
import static io.dockyard.protocol.QueryParams.str;
import static io.dockyard.protocol.QueryParams.strings;

/**
 * CreateListener, DescribeListeners, ModifyListener, DeleteListener. A listener binds its port on the
 * Dockyard host when it is created (so the port must be free there, and unique across all load balancers).
 * An HTTPS listener (application load balancers) has a default certificate from Certificate Manager and a security policy.
 */
public final class ListenerOperations {
    private final Elbv2 elb;

    public ListenerOperations(Elbv2 elb) { this.elb = elb; }

    public List<NamedOperation> all() {
        return List.of(NamedOperation.of("CreateListener", this::create), NamedOperation.of("DescribeListeners", this::describe),
                NamedOperation.of("ModifyListener", this::modify), NamedOperation.of("DeleteListener", this::delete));
    }

    private static String protocolFor(LoadBalancer lb, String asked) {
        String p = asked != null ? asked : (lb.type().equals("network") ? "TCP" : "HTTP");
        if (lb.type().equals("application") && !p.equals("HTTP") && !p.equals("HTTPS")) {
            throw ElbErrors.unsupportedProtocol("Protocol '" + p + "' is not supported by Dockyard for application load balancers (HTTP, HTTPS)");
        }
        if (lb.type().equals("network") && !p.equals("TCP")) {
            throw ElbErrors.unsupportedProtocol("Protocol '" + p + "' is not supported by Dockyard for network load balancers (TCP)");
        }
        return p;
    }

    private void checkPort(Listener self, int port) {
        for (Listener other : elb.store().list(LbKinds.LISTENER)) {
            if (other.port() != port || other.arn().equals(self.arn())) continue;
            if (other.loadBalancerArn().equals(self.loadBalancerArn())) throw ElbErrors.duplicateListener(self.loadBalancerArn());
            throw ElbErrors.invalidConfiguration("Port " + port + " is already used by a listener of another load balancer on this Dockyard host");
        }
    }

    private Object create(Map<String, Object> in, RequestContext ctx) {
        LoadBalancer lb = elb.loadBalancer(required(in, "LoadBalancerArn"));
        String protocol = protocolFor(lb, str(in, "Protocol"));
        Integer port = integer(in, "Port", 1, 65535);
        if (port == null) throw ElbErrors.validation("A listener port must be specified");
        var tags = TagOperations.parse(in);
        String arn = ElbArns.listener(lb.arn(), ElbArns.newId());
        Listener plain = new Listener(arn, lb.arn(), protocol, port, Actions.normalize(elb, maps(in, "DefaultActions"), protocol), ElbArns.rule(arn, ElbArns.newId()));
        Listener result = elb.store().atomically(() -> {
            Listener listener = ListenerCertificates.tls(elb, plain, null, in); // in the transaction: DeleteCertificate sees the listener or fails it
            var same = elb.store().list(LbKinds.LISTENER, l -> l.loadBalancerArn().equals(lb.arn()) && l.port() == port).stream().findFirst();
            if (same.isPresent() && same.get().protocol().equals(protocol) && same.get().defaultActions().equals(listener.defaultActions())
                    && same.get().certificates().equals(listener.certificates()) && java.util.Objects.equals(same.get().sslPolicy(), listener.sslPolicy())) return same.get();
            checkPort(listener, port);
            if (elb.store().list(LbKinds.LISTENER, l -> l.loadBalancerArn().equals(lb.arn())).size() >= 50) {
                throw new io.dockyard.core.AwsException("TooManyListeners", 400, "A load balancer can have at most 50 listeners");
            }
            elb.dataPlane().open(listener);
            elb.store().put(LbKinds.LISTENER, listener);
            TagOperations.store(elb, arn, tags);
            return listener;
        });
        elb.dataPlane().changed();
        return Out.obj().with("Listeners", List.of(Shapes.listener(result)));
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        String lbArn = str(in, "LoadBalancerArn");
        List<String> arns = strings(in, "ListenerArns");
        if (lbArn != null && !arns.isEmpty()) throw ElbErrors.validation("Listener ARNs and a load balancer ARN cannot be specified at the same time");
        if (lbArn == null && arns.isEmpty()) throw ElbErrors.validation("You must specify either listener ARNs or a load balancer ARN");
        List<Listener> found = new ArrayList<>();
        if (lbArn != null) {
            elb.loadBalancer(lbArn);
            found.addAll(elb.store().list(LbKinds.LISTENER, l -> l.loadBalancerArn().equals(lbArn)));
        } else {
            for (String a : arns) found.add(elb.listener(a));
        }
        var page = Shapes.page(found, str(in, "Marker"), integer(in, "PageSize", 1, 400));
        return Out.obj().with("Listeners", page.items().stream().map(Shapes::listener).toList()).with("NextMarker", page.nextToken());
    }

    private Object modify(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "ListenerArn");
        Listener changed = elb.store().atomically(() -> {
            Listener l = elb.listener(arn);
            LoadBalancer lb = elb.loadBalancer(l.loadBalancerArn());
            String protocol = str(in, "Protocol") == null ? l.protocol() : protocolFor(lb, str(in, "Protocol"));
            Integer p = integer(in, "Port", 1, 65535);
            int port = p == null ? l.port() : p;
            var actions = maps(in, "DefaultActions").isEmpty() ? l.defaultActions() : Actions.normalize(elb, maps(in, "DefaultActions"), protocol);
            Listener c = ListenerCertificates.tls(elb, l.with(protocol, port, actions), l, in);
            checkPort(c, port);
            if (port != l.port()) elb.dataPlane().open(c);
            elb.store().put(LbKinds.LISTENER, c);
            return c;
        });
        elb.dataPlane().changed();
        return Out.obj().with("Listeners", List.of(Shapes.listener(changed)));
    }

    private Object delete(Map<String, Object> in, RequestContext ctx) {
        String arn = required(in, "ListenerArn");
        elb.store().atomically(() -> deleteRecords(elb, elb.listener(arn)));
        elb.dataPlane().close(arn);
        elb.dataPlane().changed();
        return Out.obj();
    }

    /** Removes the listener, its rules and their tags from the store. */
    static void deleteRecords(Elbv2 elb, Listener l) {
        for (Rule r : elb.store().list(LbKinds.RULE, r -> r.listenerArn().equals(l.arn()))) {
            elb.store().delete(LbKinds.RULE, r.arn());
            elb.store().delete(LbKinds.TAGS, r.arn());
        }
        elb.store().delete(LbKinds.LISTENER, l.arn());
        elb.store().delete(LbKinds.TAGS, l.arn());
    }
}
