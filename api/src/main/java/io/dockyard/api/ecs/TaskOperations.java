package io.dockyard.api.ecs;

import io.dockyard.api.ecs.tag.ListTagsForResourceHandler;
import io.dockyard.api.ecs.tag.TagResourceHandler;
import io.dockyard.api.ecs.tag.UntagResourceHandler;
import io.dockyard.api.ecs.task.DescribeTasksHandler;
import io.dockyard.api.ecs.task.ListTasksHandler;
import io.dockyard.api.ecs.task.RunTaskHandler;
import io.dockyard.api.ecs.task.StartTaskHandler;
import io.dockyard.api.ecs.task.StopTaskHandler;
import io.dockyard.protocol.Operation;

import java.util.List;

/** The task operations of ECS (one handler class each), and tagging. */
final class TaskOperations {
    private TaskOperations() {}

    static List<Operation> all(Ecs ecs) {
        return List.of(
                new RunTaskHandler(ecs),
                new StartTaskHandler(ecs),
                new StopTaskHandler(ecs),
                new io.dockyard.api.ecs.task.ExecuteCommandHandler(ecs),
                new DescribeTasksHandler(ecs),
                new ListTasksHandler(ecs),
                new TagResourceHandler(ecs),
                new UntagResourceHandler(ecs),
                new ListTagsForResourceHandler(ecs));
    }
}
