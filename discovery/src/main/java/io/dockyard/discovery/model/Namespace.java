package io.dockyard.discovery.model;

import io.dockyard.core.model.Tag;

import java.time.Instant;
import java.util.List;

/** A Cloud Map namespace: DNS_PRIVATE or DNS_PUBLIC (both answered by Dockyard's DNS server) or HTTP (API discovery only). */
public record Namespace(
        String id,
        String arn,
        String name,
        String type,
        String description,
        String hostedZoneId,
        Long soaTtl,
        String creatorRequestId,
        Instant createDate,
        List<Tag> tags) {

    public boolean dns() { return "DNS_PRIVATE".equals(type) || "DNS_PUBLIC".equals(type); }
}
