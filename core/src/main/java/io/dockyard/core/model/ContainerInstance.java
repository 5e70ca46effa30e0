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

    public String id() { return arn.substring(arn.lastIndexOf('/') + 1); }

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
