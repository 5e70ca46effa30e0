package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.Tags;
import io.dockyard.api.protocol.Out;
import io.dockyard.api.protocol.RequestContext;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;

import java.util.List;
import java.util.Map;

/** RegisterTaskDefinition: validates as ECS does and stores the next revision of the family. */
public final class RegisterTaskDefinitionHandler extends EcsOperation {
    public RegisterTaskDefinitionHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        var tags = Tags.parse(in, "tags");
        Map<String, Object> doc = TaskDefinitionDocument.of(in);
        TaskDefinitionRules.validate(doc);
        List<String> compatibilities = Compatibilities.of(doc);
        String family = (String) doc.get("family");
        TaskDefinition td = ecs.store().atomically(() -> {
            int revision = ecs.store().list(Kinds.TASK_DEFINITION, t -> t.family().equals(family)).stream()
                    .mapToInt(TaskDefinition::revision).max().orElse(0) + 1;
            TaskDefinition t = new TaskDefinition(ctx.arns().taskDefinition(family, revision), family, revision, "ACTIVE", doc,
                    compatibilities, RequiredAttributes.of(doc), ecs.now(), null,
                    "arn:aws:iam::" + ctx.account() + ":root", tags, false);
            ecs.store().put(Kinds.TASK_DEFINITION, t);
            return t;
        });
        return Out.obj().with("taskDefinition", TaskDefinitionShapes.taskDefinition(td)).withNonEmpty("tags", Tags.wire(td.tags()));
    }
}
