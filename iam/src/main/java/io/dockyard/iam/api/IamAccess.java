package io.dockyard.iam.api;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.List;
import java.util.Map;

/**
 * IAM's actions ({@code iam:<Operation>}) and resources: the policy (PolicyArn), else the role, group or user a call names.
 * (The self-service operations — ChangePassword and the login profile naming no user — are scoped to the caller by the
 * gate, which knows who calls.)
 */
public final class IamAccess implements AccessMapping {
    @Override
    public String service() { return IamApi.IAM_SIGNING_NAME; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        String a = ctx.account();
        if (in.get("PolicyArn") instanceof String p) return List.of(p);
        if (in.get("RoleName") instanceof String n) return List.of("arn:aws:iam::" + a + ":role/" + n);
        if (in.get("GroupName") instanceof String n) return List.of("arn:aws:iam::" + a + ":group/" + n);
        if (in.get("UserName") instanceof String n) return List.of("arn:aws:iam::" + a + ":user/" + n);
        return List.of();
    }
}
