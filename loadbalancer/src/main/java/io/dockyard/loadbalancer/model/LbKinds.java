package io.dockyard.loadbalancer.model;

import io.dockyard.core.port.Kind;

/** The stored record kinds of the load balancer module. */
public final class LbKinds {
    private LbKinds() {}

    public static final Kind<LoadBalancer> LOAD_BALANCER = Kind.of("elb.load-balancer", LoadBalancer.class, LoadBalancer::arn);
    public static final Kind<TargetGroup> TARGET_GROUP = Kind.of("elb.target-group", TargetGroup.class, TargetGroup::arn);
    public static final Kind<Listener> LISTENER = Kind.of("elb.listener", Listener.class, Listener::arn);
    public static final Kind<Rule> RULE = Kind.of("elb.rule", Rule.class, Rule::arn);
    public static final Kind<Registration> REGISTRATION = Kind.of("elb.registration", Registration.class, Registration::key);
    public static final Kind<ResourceTags> TAGS = Kind.of("elb.tags", ResourceTags.class, ResourceTags::arn);
}
