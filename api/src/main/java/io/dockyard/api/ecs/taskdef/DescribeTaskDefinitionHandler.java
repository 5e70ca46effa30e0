package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.Tags;
import io.dockyard.api.protocol.Out;
import io.dockyard.api.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinition;

import java.util.List;
import java.util.Map;

/** DescribeTaskDefinition: by family (latest ACTIVE), family:revision or ARN; tags with {@code include: [TAGS]}. */
public final class DescribeTaskDefinitionHandler extends EcsOperation {
    public DescribeTaskDefinitionHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<String> include = Doc.strings(in, "include");
        for (String i : include) {
            if (!"TAGS".equals(i)) throw AwsException.invalidParameter("Invalid include value: " + i + ". Valid values: TAGS.");
        }
        TaskDefinition td = ecs.taskDefinition(Doc.str(in, "taskDefinition"));
        Out out = Out.obj().with("taskDefinition", TaskDefinitionShapes.taskDefinition(td));
        if (include.contains("TAGS")) out.with("tags", Tags.wire(td.tags()));
        return out;
    }
}
