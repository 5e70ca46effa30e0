package io.dockyard.iam.api;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * STS's actions ({@code sts:<Operation>}; GetCallerIdentity needs none) and resources: the role AssumeRole names (its
 * trust policy is the resource policy), with the condition keys {@code sts:ExternalId} and {@code sts:RoleSessionName}.
 */
public final class StsAccess implements AccessMapping {
    @Override
    public String service() { return IamApi.STS_SIGNING_NAME; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        return in.get("RoleArn") instanceof String role ? List.of(role) : List.of();
    }

    @Override
    public Map<String, List<String>> conditions(String operation, Map<String, Object> in, RequestContext ctx) {
        Map<String, List<String>> c = new LinkedHashMap<>();
        if (in.get("ExternalId") instanceof String x) c.put("sts:ExternalId", List.of(x));
        if (in.get("RoleSessionName") instanceof String n) c.put("sts:RoleSessionName", List.of(n));
        return c;
    }
}
