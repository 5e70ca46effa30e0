package io.dockyard.discovery.model;

import io.dockyard.core.model.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Cloud Map service in a namespace. {@code dnsRecords} maps record type (A, SRV) to TTL;
 * {@code revision} grows with every change to its instances (DiscoverInstances' InstancesRevision).
 */
public record DiscoveryService(
        String id,
        String arn,
        String name,
        String namespaceId,
        String description,
        String type,
        String routingPolicy,
        Map<String, Long> dnsRecords,
        Integer customHealthFailureThreshold,
        String creatorRequestId,
        Instant createDate,
        List<Tag> tags,
        long revision) {

    public boolean customHealth() { return customHealthFailureThreshold != null; }

    public DiscoveryService withRevision(long r) {
        return new DiscoveryService(id, arn, name, namespaceId, description, type, routingPolicy, dnsRecords, customHealthFailureThreshold, creatorRequestId, createDate, tags, r);
    }
}
