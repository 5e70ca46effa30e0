package io.dockyard.discovery.api;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cloud Map's IAM actions ({@code servicediscovery:<Operation>}) and resources: the service an operation names
 * (ServiceId, or an Id {@code srv-…}) as {@code service/<id>}, else the namespace (NamespaceId — CreateService's,
 * also under DnsConfig — or an Id {@code ns-…}) as {@code namespace/<id>}, and a tagging call's ResourceARN. List*,
 * Discover* and GetOperation name none.
 */
public final class DiscoveryAccess implements AccessMapping {
    @Override
    public String service() { return "servicediscovery"; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        String prefix = "arn:aws:servicediscovery:" + ctx.region() + ":" + ctx.account() + ":";
        String id = in.get("Id") instanceof String s && !"GetOperation".equals(operation) ? s : null;
        if (in.get("ServiceId") instanceof String s) out.add(prefix + "service/" + s);
        else if (id != null && id.startsWith("srv-")) out.add(prefix + "service/" + id);
        else if (in.get("NamespaceId") instanceof String n) out.add(prefix + "namespace/" + n);
        else if (in.get("DnsConfig") instanceof Map<?, ?> dns && dns.get("NamespaceId") instanceof String n) out.add(prefix + "namespace/" + n);
        else if (id != null && id.startsWith("ns-")) out.add(prefix + "namespace/" + id);
        else if (in.get("ResourceARN") instanceof String arn) out.add(arn);
        return out;
    }
}
