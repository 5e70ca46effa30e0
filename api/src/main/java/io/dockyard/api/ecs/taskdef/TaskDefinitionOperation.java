package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;

/** Base of the task definition handlers: the ECS context and the stored revisions. */
abstract class TaskDefinitionOperation extends EcsOperation {
    protected final TaskDefinitionStore revisions;

    TaskDefinitionOperation(Ecs ecs) {
        super(ecs);
        this.revisions = new TaskDefinitionStore(ecs);
    }
}
