package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.TaskDefinitionRef;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DeleteTaskDefinitions: up to 10 INACTIVE revisions go to DELETE_IN_PROGRESS (answered with that
 * status); each one that no task uses any more is then removed. ACTIVE, unknown or revision-less
 * references are reported per item in {@code failures}.
 */
public final class DeleteTaskDefinitionsHandler extends TaskDefinitionOperation {
    public DeleteTaskDefinitionsHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<String> refs = Doc.strings(in, "taskDefinitions");
        if (refs.isEmpty()) throw AwsException.invalidParameter("taskDefinitions can not be empty.");
        if (refs.size() > 10) throw AwsException.invalidParameter("You can specify up to 10 task definitions. Number: " + refs.size() + ".");
        List<Object> deleted = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        ecs.store().atomically(() -> {
            for (String ref : refs) {
                Optional<TaskDefinitionRef> parsed = parse(ref);
                if (parsed.isEmpty() || parsed.get().revision() == null) {
                    failures.add(failure(ref, "The specified task definition identifier is invalid. Specify a valid name or ARN and try again."));
                    continue;
                }
                TaskDefinitionRef r = parsed.get();
                String arn = ref.startsWith("arn:") ? ref : ctx.arns().taskDefinition(r.family(), r.revision());
                Optional<TaskDefinition> found = ecs.store().get(Kinds.TASK_DEFINITION, r.key());
                if (found.isEmpty()) {
                    failures.add(failure(arn, "The specified task definition does not exist. Specify a valid account, family, revision and try again."));
                } else if ("ACTIVE".equals(found.get().status())) {
                    failures.add(failure(arn, "The specified task definition is still in ACTIVE status. Please deregister the target and try again."));
                } else {
                    TaskDefinition td = found.get().deleteInProgress() ? found.get() : found.get().withDeleteRequested(ecs.now());
                    ecs.store().put(Kinds.TASK_DEFINITION, td);
                    deleted.add(TaskDefinitionShapes.taskDefinition(td));
                }
            }
        });
        revisions.purgeDeleted();
        return Out.obj().with("taskDefinitions", deleted).with("failures", failures);
    }

    private static Optional<TaskDefinitionRef> parse(String ref) {
        if (ref.startsWith("arn:") && !Arns.resource(ref).map(r -> r.startsWith("task-definition/")).orElse(false)) return Optional.empty();
        try {
            return Optional.of(TaskDefinitionRef.parse(ref));
        } catch (AwsException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> failure(String arn, String reason) {
        return Out.obj().with("arn", arn).with("reason", reason);
    }
}
