package io.dockyard.api.ecs;

import io.dockyard.api.ecs.instance.DescribeContainerInstancesHandler;
import io.dockyard.api.ecs.instance.DeleteAttributesHandler;
import io.dockyard.api.ecs.instance.DeregisterContainerInstanceHandler;
import io.dockyard.api.ecs.instance.ListAttributesHandler;
import io.dockyard.api.ecs.instance.ListContainerInstancesHandler;
import io.dockyard.api.ecs.instance.PutAttributesHandler;
import io.dockyard.api.ecs.instance.RegisterContainerInstanceHandler;
import io.dockyard.api.ecs.instance.UpdateContainerInstancesStateHandler;
import io.dockyard.protocol.Operation;

import java.util.List;

/** The container-instance operations of ECS (one handler class each). */
final class ContainerInstanceOperations {
    private ContainerInstanceOperations() {}

    static List<Operation> all(Ecs ecs) {
        List<Operation> ops = new java.util.ArrayList<>(io.dockyard.api.ecs.instance.StateChangeHandlers.all(ecs));
        ops.add(new io.dockyard.api.ecs.instance.DiscoverPollEndpointHandler(ecs));
        ops.add(new io.dockyard.api.ecs.instance.UpdateContainerAgentHandler(ecs));
        ops.addAll(List.of(
                new DescribeContainerInstancesHandler(ecs),
                new ListContainerInstancesHandler(ecs),
                new RegisterContainerInstanceHandler(ecs),
                new DeregisterContainerInstanceHandler(ecs),
                new UpdateContainerInstancesStateHandler(ecs),
                new PutAttributesHandler(ecs),
                new DeleteAttributesHandler(ecs),
                new ListAttributesHandler(ecs)));
        return ops;
    }
}
