package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinition;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * ListTaskDefinitions: ARNs of the revisions in {@code status} (ACTIVE by default), of one family when
 * {@code familyPrefix} names it (ECS matches the full family name), sorted by family then revision
 * (ASC, the default, or DESC), at most 100 a page.
 */
public final class ListTaskDefinitionsHandler extends TaskDefinitionOperation {
    static final List<String> STATUSES = List.of("ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS");
    public ListTaskDefinitionsHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String status = enumValue(in, "status", STATUSES, "ACTIVE");
        String sort = enumValue(in, "sort", List.of("ASC", "DESC"), "ASC");
        String family = Doc.str(in, "familyPrefix");
        Comparator<TaskDefinition> order = Comparator.comparing(TaskDefinition::family).thenComparingInt(TaskDefinition::revision);
        List<String> arns = revisions.all().stream()
                .filter(td -> status.equals(td.status()))
                .filter(td -> family == null || family.isEmpty() || td.family().equals(family))
                .sorted("DESC".equals(sort) ? order.reversed() : order)
                .map(TaskDefinition::arn)
                .toList();
        var page = Pages.of(arns, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        return Out.obj().with("taskDefinitionArns", page.items()).with("nextToken", page.nextToken());
    }

    /** The member's value, one of {@code allowed} (InvalidParameterException otherwise), or the default. */
    static String enumValue(Map<String, Object> in, String member, List<String> allowed, String dflt) {
        String v = Doc.str(in, member);
        if (v == null) return dflt;
        if (!allowed.contains(v)) {
            throw AwsException.invalidParameter("Invalid " + member + " value: " + v + ". Valid values: " + String.join(", ", allowed) + ".");
        }
        return v;
    }
}
