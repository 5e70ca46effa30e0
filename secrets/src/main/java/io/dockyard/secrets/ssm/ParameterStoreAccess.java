package io.dockyard.secrets.ssm;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parameter Store's IAM actions ({@code ssm:<Operation>}) and the parameters a call names (Name, Names, Path) as {@code parameter/<name>}. */
public final class ParameterStoreAccess implements AccessMapping {
    @Override
    public String service() { return "ssm"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        String r = ctx.region(), a = ctx.account();
        if (in.get("Name") instanceof String n) out.add(parameterArn(r, a, n));
        if (in.get("Names") instanceof List<?> ns) ns.forEach(n -> out.add(parameterArn(r, a, String.valueOf(n))));
        if (in.get("Path") instanceof String p) out.add(parameterArn(r, a, p));
        return out;
    }

    /** A parameter's ARN: {@code parameter/} then the name without its leading slash. */
    static String parameterArn(String region, String account, String name) {
        if (name.startsWith("arn:")) return name;
        return "arn:aws:ssm:" + region + ":" + account + ":parameter/" + (name.startsWith("/") ? name.substring(1) : name);
    }
}
