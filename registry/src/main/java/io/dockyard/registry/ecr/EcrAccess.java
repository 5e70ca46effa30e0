package io.dockyard.registry.ecr;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ECR's IAM actions ({@code ecr:<Operation>}) and resources: the repository an operation names
 * ({@code repository/<name>}), every repository DescribeRepositories names, and none for GetAuthorizationToken (which
 * IAM scopes to {@code *}). The registry protocol's pushes and pulls are checked by the registry itself
 * ({@link io.dockyard.core.port.ResourceAccess}) with the same actions.
 */
public final class EcrAccess implements AccessMapping {
    @Override
    public String service() { return "ecr"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        if ("GetAuthorizationToken".equals(operation)) return out;
        String prefix = "arn:aws:ecr:" + ctx.region() + ":" + ctx.account() + ":repository/";
        if (in.get("repositoryName") instanceof String n) out.add(prefix + n);
        else if (in.get("repositoryNames") instanceof List<?> ns) ns.forEach(n -> out.add(prefix + n));
        return out;
    }
}
