package io.dockyard.loadbalancer.model;

import java.time.Instant;
import java.util.List;

/** An application or network load balancer. {@code state} is provisioning until the data plane has taken it up. */
public record LoadBalancer(
        String arn,
        String name,
        String type,
        String scheme,
        String ipAddressType,
        String dnsName,
        String state,
        String vpcId,
        String availabilityZone,
        List<String> subnets,
        List<String> securityGroups,
        Instant createdTime) {

    /** {@code app} or {@code net}, as in the ARN. */
    public String arnType() { return "network".equals(type) ? "net" : "app"; }

    public LoadBalancer withState(String s) {
        return new LoadBalancer(arn, name, type, scheme, ipAddressType, dnsName, s, vpcId, availabilityZone, subnets, securityGroups, createdTime);
    }
}
