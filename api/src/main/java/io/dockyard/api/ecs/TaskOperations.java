package io.dockyard.api.ecs;

import io.dockyard.api.protocol.Operation;

import java.util.List;

/** The task operations of ECS (one handler class each). */
final class TaskOperations {
    private TaskOperations() {}

    static List<Operation> all(Ecs ecs) {
        return List.of();
    }
}
