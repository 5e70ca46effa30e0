package io.dockyard.secrets.asm;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Secrets Manager's IAM actions ({@code secretsmanager:<Operation>}) and resources: the secrets a call names (SecretId,
 * Name, SecretIdList) by their full ARN, which {@code secretArn} finds by name or ARN (the six-character suffix is only
 * known here). The gate adds each secret's resource policy.
 */
public final class SecretsManagerAccess implements AccessMapping {
    private final Function<String, String> secretArn;

    public SecretsManagerAccess(Function<String, String> secretArn) { this.secretArn = secretArn; }

    @Override
    public String service() { return "secretsmanager"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        for (String m : List.of("SecretId", "Name")) if (in.get(m) instanceof String id) out.add(secretArn.apply(id));
        if (in.get("SecretIdList") instanceof List<?> ids) ids.forEach(id -> out.add(secretArn.apply(String.valueOf(id))));
        return out;
    }
}
