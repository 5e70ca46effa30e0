package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.port.Kinds;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** ListServiceDeployments: newest first, filtered by status and createdAt before/after; 20 a page by default. */
public final class ListServiceDeploymentsHandler extends EcsOperation {
    public ListServiceDeploymentsHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ServiceRules.cluster(ecs, ctx, in);
        Service s = ServiceRules.find(ecs, cluster, Doc.str(in, "service"));
        List<String> statuses = Doc.strings(in, "status");
        Map<String, Object> created = Doc.map(in, "createdAt");
        Instant before = instant(created, "before");
        Instant after = instant(created, "after");
        List<Out> briefs = ecs.store().list(Kinds.SERVICE_DEPLOYMENT, sd -> sd.serviceArn().equals(s.arn())
                        && (statuses.isEmpty() || statuses.contains(sd.status()))
                        && (before == null || sd.createdAt().isBefore(before))
                        && (after == null || sd.createdAt().isAfter(after)))
                .stream().sorted(Comparator.comparing(ServiceDeployment::createdAt).reversed())
                .map(ServiceShapes::brief).toList();
        Integer max = Doc.integer(in, "maxResults");
        var page = Pages.of(briefs, max == null ? 20 : max, Doc.str(in, "nextToken"), 100);
        return Out.obj().with("serviceDeployments", page.items()).with("nextToken", page.nextToken());
    }

    private static Instant instant(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (v instanceof Number n) return Instant.ofEpochMilli(new BigDecimal(n.toString()).movePointRight(3).longValue());
        if (v instanceof String str) return Instant.parse(str);
        return null;
    }
}
