package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.port.Kind;

/**
 * A task definition family: its name and the last revision number handed out. Kept after every
 * revision is deleted, because ECS keeps counting: the next registration continues the numbering.
 */
public record TaskDefinitionFamily(String name, int lastRevision) {
    public static final Kind<TaskDefinitionFamily> KIND = Kind.of("ecs.task-definition-family", TaskDefinitionFamily.class, TaskDefinitionFamily::name);
}
