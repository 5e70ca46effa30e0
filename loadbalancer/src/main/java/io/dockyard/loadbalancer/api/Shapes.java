package io.dockyard.loadbalancer.api;

import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.core.model.Tag;
import io.dockyard.core.port.Store;
import io.dockyard.loadbalancer.model.HealthCheck;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Listener;
import io.dockyard.loadbalancer.model.LoadBalancer;
import io.dockyard.loadbalancer.model.Rule;
import io.dockyard.loadbalancer.model.TargetGroup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** ELBv2 output structures built from the stored records, plus the Marker/PageSize pagination. */
public final class Shapes {
    private Shapes() {}

    /** The hosted zone id of ALBs (and, separately, NLBs) in us-east-1; Dockyard answers these everywhere. */
    private static final String ALB_ZONE = "Z35SXDOTRQ7X7K";
    private static final String NLB_ZONE = "Z26RNL4JYFTOTI";

    public static Out loadBalancer(LoadBalancer lb) {
        List<Object> azs = new ArrayList<>();
        String subnet = lb.subnets().isEmpty() ? null : lb.subnets().get(0);
        azs.add(Out.obj().with("ZoneName", lb.availabilityZone()).with("SubnetId", subnet).with("LoadBalancerAddresses", List.of()));
        return Out.obj()
                .with("LoadBalancerArn", lb.arn())
                .with("DNSName", lb.dnsName())
                .with("CanonicalHostedZoneId", "network".equals(lb.type()) ? NLB_ZONE : ALB_ZONE)
                .with("CreatedTime", lb.createdTime())
                .with("LoadBalancerName", lb.name())
                .with("Scheme", lb.scheme())
                .with("VpcId", lb.vpcId())
                .with("State", Out.obj().with("Code", lb.state()))
                .with("Type", lb.type())
                .with("AvailabilityZones", azs)
                .with("SecurityGroups", "application".equals(lb.type()) ? lb.securityGroups() : null)
                .with("IpAddressType", lb.ipAddressType());
    }

    public static Out targetGroup(Store store, TargetGroup tg) {
        HealthCheck h = tg.healthCheck();
        boolean http = "HTTP".equals(h.protocol()) || "HTTPS".equals(h.protocol());
        return Out.obj()
                .with("TargetGroupArn", tg.arn())
                .with("TargetGroupName", tg.name())
                .with("Protocol", tg.protocol())
                .with("Port", tg.port())
                .with("VpcId", tg.vpcId())
                .with("HealthCheckProtocol", h.protocol())
                .with("HealthCheckPort", h.port())
                .with("HealthCheckEnabled", h.enabled())
                .with("HealthCheckIntervalSeconds", h.intervalSeconds())
                .with("HealthCheckTimeoutSeconds", h.timeoutSeconds())
                .with("HealthyThresholdCount", h.healthyThreshold())
                .with("UnhealthyThresholdCount", h.unhealthyThreshold())
                .with("HealthCheckPath", http ? h.path() : null)
                .with("Matcher", http ? Out.obj().with("HttpCode", h.matcher()) : null)
                .with("LoadBalancerArns", new ArrayList<>(loadBalancersUsing(store, tg.arn())))
                .with("TargetType", tg.targetType())
                .with("ProtocolVersion", tg.protocolVersion())
                .with("IpAddressType", tg.ipAddressType());
    }

    /** The load balancers whose listeners or rules forward to the target group. */
    public static Set<String> loadBalancersUsing(Store store, String tgArn) {
        Set<String> out = new LinkedHashSet<>();
        for (Listener l : store.list(LbKinds.LISTENER)) {
            if (Actions.targetGroups(l.defaultActions()).contains(tgArn)) out.add(l.loadBalancerArn());
        }
        for (Rule r : store.list(LbKinds.RULE)) {
            if (Actions.targetGroups(r.actions()).contains(tgArn)) {
                store.get(LbKinds.LISTENER, r.listenerArn()).ifPresent(l -> out.add(l.loadBalancerArn()));
            }
        }
        return out;
    }

    public static Out listener(Listener l) {
        return Out.obj()
                .with("ListenerArn", l.arn())
                .with("LoadBalancerArn", l.loadBalancerArn())
                .with("Port", l.port())
                .with("Protocol", l.protocol())
                .with("Certificates", l.certificates().isEmpty() ? null : List.of(Out.obj().with("CertificateArn", l.certificates().getFirst())))
                .with("SslPolicy", l.sslPolicy())
                .with("DefaultActions", l.defaultActions());
    }

    public static Out rule(Rule r) {
        return Out.obj().with("RuleArn", r.arn()).with("Priority", Integer.toString(r.priority()))
                .with("Conditions", r.conditions()).with("Actions", r.actions()).with("IsDefault", false);
    }

    public static Out defaultRule(Listener l) {
        return Out.obj().with("RuleArn", l.defaultRuleArn()).with("Priority", "default")
                .with("Conditions", List.of()).with("Actions", l.defaultActions()).with("IsDefault", true);
    }

    public static List<Object> tags(List<Tag> tags) {
        return tags.stream().<Object>map(t -> Out.obj().with("Key", t.key()).with("Value", t.value())).toList();
    }

    /** One page of {@code all} from Marker, PageSize at most 400; the next page's token is the NextMarker. */
    public static <T> Pages<T> page(List<T> all, String marker, Integer pageSize) {
        return Pages.slice(all, pageSize == null ? 400 : pageSize, marker, () -> io.dockyard.loadbalancer.ElbErrors.validation("Invalid marker"));
    }
}
