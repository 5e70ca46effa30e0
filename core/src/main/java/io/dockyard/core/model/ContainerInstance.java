package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container instance: one agent's host (or the part of it the agent declares). Remaining resources
 * and task counts are derived from the tasks placed on it, never stored.
 */
public record ContainerInstance(
        String arn,
        String clusterArn,
        String ec2InstanceId,
        String status,
        String statusReason,
        boolean agentConnected,
        List<Resource> registeredResources,
        List<Attribute> attributes,
        Map<String, Object> versionInfo,
        List<Tag> tags,
        String capacityProviderName,
        Instant registeredAt,
        Instant lastHeartbeatAt,
        String agentEndpoint,
        long version) {

    /**
     * The attribute holding the IPv4 address the instance's tasks' host ports are reachable at (the agent
     * advertises it when it registers); instances without it are on the control plane's host.
     */
    public static final String ADDRESS = "dockyard.address";
    /** The address of an instance that advertises none: the control plane's own host. */
    public static final String LOCAL_ADDRESS = "127.0.0.1";

    private static final java.util.regex.Pattern IPV4 =
            java.util.regex.Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** Whether {@code s} is a dotted-quad IPv4 address (what {@link #ADDRESS} must hold). */
    public static boolean isIpv4(String s) { return s != null && IPV4.matcher(s).matches(); }

    public String id() { return arn.substring(arn.lastIndexOf('/') + 1); }

    /** Where the instance's host ports answer: its {@link #ADDRESS} attribute, else {@link #LOCAL_ADDRESS}. */
    public String address() {
        String a = attribute(ADDRESS);
        return a == null || a.isBlank() ? LOCAL_ADDRESS : a;
    }

    public long registeredInteger(String resource) {
        return registeredResources.stream().filter(r -> r.name().equals(resource)).mapToLong(Resource::integerValue).findFirst().orElse(0);
    }

    public String attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(Attribute::value).findFirst().orElse(null);
    }

    public ContainerInstance withStatus(String s, String reason) {
        return new ContainerInstance(arn, clusterArn, ec2InstanceId, s, reason, agentConnected, registeredResources, attributes, versionInfo, tags, capacityProviderName, registeredAt, lastHeartbeatAt, agentEndpoint, version + 1);
    }

    public ContainerInstance withHeartbeat(boolean connected, Instant at) {
        return new ContainerInstance(arn, clusterArn, ec2InstanceId, status, statusReason, connected, registeredResources, attributes, versionInfo, tags, capacityProviderName, registeredAt, at, agentEndpoint, version);
    }

    public ContainerInstance withAttributes(List<Attribute> a) {
        return new ContainerInstance(arn, clusterArn, ec2InstanceId, status, statusReason, agentConnected, registeredResources, a, versionInfo, tags, capacityProviderName, registeredAt, lastHeartbeatAt, agentEndpoint, version + 1);
    }

    public ContainerInstance withTags(List<Tag> t) {
        return new ContainerInstance(arn, clusterArn, ec2InstanceId, status, statusReason, agentConnected, registeredResources, attributes, versionInfo, t, capacityProviderName, registeredAt, lastHeartbeatAt, agentEndpoint, version);
    }
}
