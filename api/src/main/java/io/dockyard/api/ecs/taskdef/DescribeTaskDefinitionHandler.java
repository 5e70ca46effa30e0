package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinition;

import java.util.List;
import java.util.Map;

/**
 * DescribeTaskDefinition: by family (latest ACTIVE revision), family:revision or ARN (any status while
 * the revision exists); tags with {@code include: [TAGS]}.
 */
public final class DescribeTaskDefinitionHandler extends TaskDefinitionOperation {
    public DescribeTaskDefinitionHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<String> include = Doc.strings(in, "include");
        for (String i : include) {
            if (!"TAGS".equals(i)) throw AwsException.invalidParameter("Invalid include value: " + i + ". Valid values: TAGS.");
        }
        revisions.purgeDeleted();
        TaskDefinition td = ecs.taskDefinition(Doc.str(in, "taskDefinition"), true);
        Out out = Out.obj().with("taskDefinition", TaskDefinitionShapes.taskDefinition(td));
        if (include.contains("TAGS")) out.with("tags", Tags.wire(td.tags()));
        return out;
    }
}
