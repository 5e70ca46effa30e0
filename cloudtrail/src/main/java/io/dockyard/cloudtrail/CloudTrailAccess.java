package io.dockyard.cloudtrail;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.List;
import java.util.Map;

/** CloudTrail's IAM actions ({@code cloudtrail:<Operation>}): LookupEvents, which the Service Authorization Reference scopes to {@code *}. */
public final class CloudTrailAccess implements AccessMapping {
    @Override
    public String service() { return "cloudtrail"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) { return List.of(); }
}
