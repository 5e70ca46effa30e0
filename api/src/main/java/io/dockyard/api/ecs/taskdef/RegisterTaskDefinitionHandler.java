package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.model.TaskDefinition;

import java.util.List;
import java.util.Map;

/** RegisterTaskDefinition: validates as ECS does and stores the family's next revision, ACTIVE. */
public final class RegisterTaskDefinitionHandler extends TaskDefinitionOperation {
    public RegisterTaskDefinitionHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        var tags = Tags.parse(in, "tags");
        Map<String, Object> doc = TaskDefinitionDocument.of(in);
        TaskDefinitionRules.validate(doc);
        ecs.hostSafety().check(doc);
        List<String> compatibilities = Compatibilities.of(doc);
        var requires = RequiredAttributes.of(doc);
        String family = (String) doc.get("family");
        String registeredBy = "arn:aws:iam::" + ctx.account() + ":root";
        TaskDefinition td = revisions.register(family, revision -> new TaskDefinition(ctx.arns().taskDefinition(family, revision),
                family, revision, "ACTIVE", doc, compatibilities, requires, ecs.now(), null, registeredBy, tags, false));
        return Out.obj().with("taskDefinition", TaskDefinitionShapes.taskDefinition(td)).withNonEmpty("tags", Tags.wire(td.tags()));
    }
}
