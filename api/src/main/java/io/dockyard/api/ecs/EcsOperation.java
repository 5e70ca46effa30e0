package io.dockyard.api.ecs;

import io.dockyard.protocol.Operation;

/** Base of ECS operation handlers: the operation name is the class name without {@code Handler}. */
public abstract class EcsOperation implements Operation {
    protected final Ecs ecs;

    protected EcsOperation(Ecs ecs) { this.ecs = ecs; }

    @Override
    public String name() {
        String n = getClass().getSimpleName();
        return n.endsWith("Handler") ? n.substring(0, n.length() - "Handler".length()) : n;
    }
}
