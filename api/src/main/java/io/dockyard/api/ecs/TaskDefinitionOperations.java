package io.dockyard.api.ecs;

import io.dockyard.api.ecs.taskdef.DeleteTaskDefinitionsHandler;
import io.dockyard.api.ecs.taskdef.DeregisterTaskDefinitionHandler;
import io.dockyard.api.ecs.taskdef.DescribeTaskDefinitionHandler;
import io.dockyard.api.ecs.taskdef.ListTaskDefinitionFamiliesHandler;
import io.dockyard.api.ecs.taskdef.ListTaskDefinitionsHandler;
import io.dockyard.api.ecs.taskdef.RegisterTaskDefinitionHandler;
import io.dockyard.protocol.Operation;

import java.util.List;

/** The task-definition operations of ECS (one handler class each). */
final class TaskDefinitionOperations {
    private TaskDefinitionOperations() {}

    static List<Operation> all(Ecs ecs) {
        return List.of(
                new RegisterTaskDefinitionHandler(ecs),
                new DescribeTaskDefinitionHandler(ecs),
                new ListTaskDefinitionsHandler(ecs),
                new ListTaskDefinitionFamiliesHandler(ecs),
                new DeregisterTaskDefinitionHandler(ecs),
                new DeleteTaskDefinitionsHandler(ecs));
    }
}
