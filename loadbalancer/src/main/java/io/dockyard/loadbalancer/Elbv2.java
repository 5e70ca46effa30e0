package io.dockyard.loadbalancer;

import io.dockyard.protocol.RequestContext;
import io.dockyard.core.port.ServerCertificates;
import io.dockyard.core.port.Store;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Listener;
import io.dockyard.loadbalancer.model.LoadBalancer;
import io.dockyard.loadbalancer.model.Rule;
import io.dockyard.loadbalancer.model.TargetGroup;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** What every ELBv2 operation shares: the store, the data plane, the clock, the AZ, and lookups by ARN. */
public final class Elbv2 {
    private final Store store;
    private final DataPlanePort dataPlane;
    private final Clock clock;
    private final String availabilityZone;
    private final ServerCertificates certificates;

    public Elbv2(Store store, DataPlanePort dataPlane, Clock clock, String availabilityZone) {
        this(store, dataPlane, clock, availabilityZone, ServerCertificates.NONE);
    }

    public Elbv2(Store store, DataPlanePort dataPlane, Clock clock, String availabilityZone, ServerCertificates certificates) {
        this.certificates = Objects.requireNonNull(certificates);
        this.store = Objects.requireNonNull(store);
        this.dataPlane = Objects.requireNonNull(dataPlane);
        this.clock = Objects.requireNonNull(clock);
        this.availabilityZone = availabilityZone;
    }

    public Store store() { return store; }
    public DataPlanePort dataPlane() { return dataPlane; }
    public Instant now() { return clock.instant(); }
    public String availabilityZone() { return availabilityZone; }
    public ServerCertificates certificates() { return certificates; }

    public static ElbArns arns(RequestContext ctx) { return new ElbArns(ctx.region(), ctx.account()); }

    public LoadBalancer loadBalancer(String arn) {
        if (arn == null) throw ElbErrors.loadBalancerNotFound();
        return store.get(LbKinds.LOAD_BALANCER, arn).orElseThrow(ElbErrors::loadBalancerNotFound);
    }

    public TargetGroup targetGroup(String arn) {
        if (arn == null) throw ElbErrors.targetGroupNotFound();
        return store.get(LbKinds.TARGET_GROUP, arn).orElseThrow(ElbErrors::targetGroupNotFound);
    }

    public Listener listener(String arn) {
        if (arn == null) throw ElbErrors.listenerNotFound();
        return store.get(LbKinds.LISTENER, arn).orElseThrow(ElbErrors::listenerNotFound);
    }

    public Rule rule(String arn) {
        if (arn == null) throw ElbErrors.ruleNotFound();
        return store.get(LbKinds.RULE, arn).orElseThrow(ElbErrors::ruleNotFound);
    }
}
