package io.dockyard.core.port;

import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.model.TaskProtection;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;

/** The ECS record kinds. */
public final class Kinds {
    private Kinds() {}

    public static final Kind<Cluster> CLUSTER = Kind.of("ecs.cluster", Cluster.class, Cluster::name);
    public static final Kind<TaskDefinition> TASK_DEFINITION = Kind.of("ecs.task-definition", TaskDefinition.class, td -> td.family() + ":" + td.revision());
    public static final Kind<Task> TASK = Kind.of("ecs.task", Task.class, Task::taskArn);
    public static final Kind<Service> SERVICE = Kind.of("ecs.service", Service.class, s -> s.clusterArn() + "|" + s.name());
    public static final Kind<ServiceDeployment> SERVICE_DEPLOYMENT = Kind.of("ecs.service-deployment", ServiceDeployment.class, ServiceDeployment::arn);
    public static final Kind<TaskProtection> TASK_PROTECTION = Kind.of("ecs.task-protection", TaskProtection.class, TaskProtection::taskArn);
    public static final Kind<ContainerInstance> CONTAINER_INSTANCE = Kind.of("ecs.container-instance", ContainerInstance.class, ContainerInstance::arn);
}
