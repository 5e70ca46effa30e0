package io.dockyard.secrets.kms;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** KMS's IAM actions ({@code kms:<Operation>}) and the key a call names (KeyId: a key id, an {@code alias/…}, or an ARN). */
public final class KmsAccess implements AccessMapping {
    @Override
    public String service() { return "kms"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        String prefix = "arn:aws:kms:" + ctx.region() + ":" + ctx.account() + ":";
        if (in.get("KeyId") instanceof String k) out.add(k.startsWith("arn:") ? k : k.startsWith("alias/") ? prefix + k : prefix + "key/" + k);
        return out;
    }
}
