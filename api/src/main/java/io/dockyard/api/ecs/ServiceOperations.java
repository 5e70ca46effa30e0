package io.dockyard.api.ecs;

import io.dockyard.api.ecs.service.CreateServiceHandler;
import io.dockyard.api.ecs.service.DeleteServiceHandler;
import io.dockyard.api.ecs.service.DescribeServiceDeploymentsHandler;
import io.dockyard.api.ecs.service.DescribeServicesHandler;
import io.dockyard.api.ecs.service.GetTaskProtectionHandler;
import io.dockyard.api.ecs.service.ListServiceDeploymentsHandler;
import io.dockyard.api.ecs.service.ListServicesHandler;
import io.dockyard.api.ecs.service.StopServiceDeploymentHandler;
import io.dockyard.api.ecs.service.UpdateServiceHandler;
import io.dockyard.api.ecs.service.UpdateTaskProtectionHandler;
import io.dockyard.protocol.Operation;

import java.util.List;

/** The service operations of ECS (one handler class each). */
final class ServiceOperations {
    private ServiceOperations() {}

    static List<Operation> all(Ecs ecs) {
        return List.of(
                new CreateServiceHandler(ecs),
                new UpdateServiceHandler(ecs),
                new DeleteServiceHandler(ecs),
                new DescribeServicesHandler(ecs),
                new ListServicesHandler(ecs),
                new io.dockyard.api.ecs.service.ListServicesByNamespaceHandler(ecs),
                new DescribeServiceDeploymentsHandler(ecs),
                new ListServiceDeploymentsHandler(ecs),
                new io.dockyard.api.ecs.service.DescribeServiceRevisionsHandler(ecs),
                new StopServiceDeploymentHandler(ecs),
                new io.dockyard.api.ecs.service.ContinueServiceDeploymentHandler(ecs),
                new UpdateTaskProtectionHandler(ecs),
                new GetTaskProtectionHandler(ecs),
                new io.dockyard.api.ecs.taskset.CreateTaskSetHandler(ecs),
                new io.dockyard.api.ecs.taskset.DescribeTaskSetsHandler(ecs),
                new io.dockyard.api.ecs.taskset.UpdateTaskSetHandler(ecs),
                new io.dockyard.api.ecs.taskset.DeleteTaskSetHandler(ecs),
                new io.dockyard.api.ecs.taskset.UpdateServicePrimaryTaskSetHandler(ecs));
    }
}
