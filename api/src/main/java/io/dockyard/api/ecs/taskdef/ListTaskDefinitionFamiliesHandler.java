package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinition;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ListTaskDefinitionFamilies: families that still have a revision (ALL, the default), that have an
 * ACTIVE revision (ACTIVE) or that have none (INACTIVE), whose names start with {@code familyPrefix},
 * in the order they were first registered, at most 100 a page.
 */
public final class ListTaskDefinitionFamiliesHandler extends TaskDefinitionOperation {
    public ListTaskDefinitionFamiliesHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String status = ListTaskDefinitionsHandler.enumValue(in, "status", List.of("ACTIVE", "INACTIVE", "ALL"), "ALL");
        String prefix = Doc.str(in, "familyPrefix");
        Set<String> present = new HashSet<>();
        Set<String> active = new HashSet<>();
        for (TaskDefinition td : revisions.all()) {
            present.add(td.family());
            if ("ACTIVE".equals(td.status())) active.add(td.family());
        }
        List<String> families = revisions.families().stream()
                .filter(present::contains)
                .filter(f -> prefix == null || f.startsWith(prefix))
                .filter(f -> switch (status) {
                    case "ACTIVE" -> active.contains(f);
                    case "INACTIVE" -> !active.contains(f);
                    default -> true;
                })
                .toList();
        var page = Pages.of(families, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        return Out.obj().with("families", page.items()).with("nextToken", page.nextToken());
    }
}
