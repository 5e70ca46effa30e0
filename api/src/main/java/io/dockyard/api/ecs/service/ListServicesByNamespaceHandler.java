package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Service;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ListServicesByNamespace: the services of every cluster that are associated with a Cloud Map namespace (name or ARN).
 * Dockyard has no Service Connect, so a service is associated through its {@code serviceRegistries}: one of their Cloud
 * Map services is in the namespace. ACTIVE and DRAINING services; 10 a page by default, at most 100.
 */
public final class ListServicesByNamespaceHandler extends EcsOperation {
    public ListServicesByNamespaceHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String namespace = Doc.str(in, "namespace");
        if (namespace == null || namespace.isBlank()) throw AwsException.invalidParameter("Namespace cannot be empty.");
        Set<String> registries = ecs.namespaces().serviceArns(namespace)
                .orElseThrow(() -> new AwsException("NamespaceNotFoundException", 400, "Namespace not found."));
        List<String> arns = ecs.store().list(Kinds.SERVICE, s -> !"INACTIVE".equals(s.status()) && associated(s, registries)).stream()
                .map(Service::arn).toList();
        Integer max = Doc.integer(in, "maxResults");
        var page = Pages.of(arns, max == null ? 10 : max, Doc.str(in, "nextToken"), 100);
        return Out.obj().with("serviceArns", page.items()).with("nextToken", page.nextToken());
    }

    private static boolean associated(Service s, Set<String> registries) {
        if (s.serviceRegistries() == null || registries.isEmpty()) return false;
        for (Map<String, Object> r : s.serviceRegistries()) if (registries.contains(String.valueOf(r.get("registryArn")))) return true;
        return false;
    }
}
