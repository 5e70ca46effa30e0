package io.dockyard.api.ecs;

import io.dockyard.api.protocol.Operation;

import java.util.List;

/** The service operations of ECS (one handler class each). */
final class ServiceOperations {
    private ServiceOperations() {}

    static List<Operation> all(Ecs ecs) {
        return List.of();
    }
}
