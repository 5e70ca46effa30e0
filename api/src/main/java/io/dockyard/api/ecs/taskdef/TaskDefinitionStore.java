package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/** Task definition revisions in the store: numbering per family, and the end of deleted revisions. */
final class TaskDefinitionStore {
    private final Ecs ecs;

    TaskDefinitionStore(Ecs ecs) { this.ecs = ecs; }

    /** Stores the family's next revision, built by {@code build} from its number, in one transaction. */
    TaskDefinition register(String family, IntFunction<TaskDefinition> build) {
        return ecs.store().atomically(() -> {
            int last = ecs.store().get(TaskDefinitionFamily.KIND, family).map(TaskDefinitionFamily::lastRevision).orElse(0);
            for (TaskDefinition t : ecs.store().list(Kinds.TASK_DEFINITION)) {
                if (t.family().equals(family)) last = Math.max(last, t.revision());
            }
            TaskDefinition td = build.apply(last + 1);
            ecs.store().put(TaskDefinitionFamily.KIND, new TaskDefinitionFamily(family, td.revision()));
            ecs.store().put(Kinds.TASK_DEFINITION, td);
            return td;
        });
    }

    /**
     * Removes the DELETE_IN_PROGRESS revisions that no task uses any more (a task uses its definition
     * until it has stopped); returns how many went.
     */
    int purgeDeleted() {
        if (ecs.store().list(Kinds.TASK_DEFINITION, TaskDefinition::deleteInProgress).isEmpty()) return 0;
        return ecs.store().atomically(() -> {
            Set<String> inUse = new HashSet<>();
            for (Task t : ecs.store().list(Kinds.TASK)) {
                if (!"STOPPED".equals(t.lastStatus())) inUse.add(t.taskDefinitionArn());
            }
            int removed = 0;
            for (TaskDefinition td : ecs.store().list(Kinds.TASK_DEFINITION, TaskDefinition::deleteInProgress)) {
                if (!inUse.contains(td.arn())) {
                    ecs.store().delete(Kinds.TASK_DEFINITION, Kinds.TASK_DEFINITION.key().apply(td));
                    removed++;
                }
            }
            return removed;
        });
    }

    /** Every stored revision (after removing deleted ones no task uses). */
    List<TaskDefinition> all() {
        purgeDeleted();
        return ecs.store().list(Kinds.TASK_DEFINITION);
    }

    /** The families in the order they were first registered. */
    List<String> families() {
        return ecs.store().list(TaskDefinitionFamily.KIND).stream().map(TaskDefinitionFamily::name).toList();
    }
}
