package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.protocol.Out;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinition;

import java.util.Map;

/** The wire form of a task definition: the document as registered plus the members ECS adds. */
public final class TaskDefinitionShapes {
    private TaskDefinitionShapes() {}

    /** The TaskDefinition structure of the ECS API. */
    public static Out taskDefinition(TaskDefinition td) {
        Map<String, Object> doc = Doc.copyMap(td.document());
        Out out = Out.obj().with("taskDefinitionArn", td.arn());
        out.putAll(doc);
        out.with("family", td.family())
                .with("revision", td.revision())
                .with("status", td.status())
                .with("requiresAttributes", td.requiresAttributes())
                .with("compatibilities", td.compatibilities())
                .with("registeredAt", td.registeredAt())
                .with("deregisteredAt", td.deregisteredAt())
                .with("registeredBy", td.registeredBy());
        return out;
    }
}
