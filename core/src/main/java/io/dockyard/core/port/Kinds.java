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
    /** ECS account settings by principal ARN and setting name. */
    public static final Kind<io.dockyard.core.model.AccountSetting> ACCOUNT_SETTING = Kind.of("ecs.account-setting",
            io.dockyard.core.model.AccountSetting.class, s -> s.principalArn() + "|" + s.name());
    public static final Kind<io.dockyard.core.model.CapacityProvider> CAPACITY_PROVIDER =
            Kind.of("ecs.capacity-provider", io.dockyard.core.model.CapacityProvider.class, io.dockyard.core.model.CapacityProvider::name);
    public static final Kind<Service> SERVICE = Kind.of("ecs.service", Service.class, s -> s.clusterArn() + "|" + s.name());
    public static final Kind<ServiceDeployment> SERVICE_DEPLOYMENT = Kind.of("ecs.service-deployment", ServiceDeployment.class, ServiceDeployment::arn);
    /** ECS Exec sessions handed out and not yet opened, by session id. */
    public static final Kind<io.dockyard.core.model.ExecSession> EXEC_SESSION = Kind.of("ecs.exec-session", io.dockyard.core.model.ExecSession.class,
            io.dockyard.core.model.ExecSession::sessionId);
    public static final Kind<TaskProtection> TASK_PROTECTION = Kind.of("ecs.task-protection", TaskProtection.class, TaskProtection::taskArn);
    /** Task sets of EXTERNAL and CODE_DEPLOY services, by task set ARN. */
    public static final Kind<io.dockyard.core.model.TaskSet> TASK_SET = Kind.of("ecs.task-set", io.dockyard.core.model.TaskSet.class,
            io.dockyard.core.model.TaskSet::arn);
    /** Daemon task definitions by {@code family:revision} (the same record as a task definition's; ARN {@code daemon-task-definition/…}). */
    public static final Kind<TaskDefinition> DAEMON_TASK_DEFINITION = Kind.of("ecs.daemon-task-definition", TaskDefinition.class,
            td -> td.family() + ":" + td.revision());
    public static final Kind<io.dockyard.core.model.Daemon> DAEMON = Kind.of("ecs.daemon", io.dockyard.core.model.Daemon.class, io.dockyard.core.model.Daemon::arn);
    public static final Kind<io.dockyard.core.model.DaemonRevision> DAEMON_REVISION = Kind.of("ecs.daemon-revision",
            io.dockyard.core.model.DaemonRevision.class, io.dockyard.core.model.DaemonRevision::arn);
    public static final Kind<io.dockyard.core.model.DaemonDeployment> DAEMON_DEPLOYMENT = Kind.of("ecs.daemon-deployment",
            io.dockyard.core.model.DaemonDeployment.class, io.dockyard.core.model.DaemonDeployment::arn);
    public static final Kind<ContainerInstance> CONTAINER_INSTANCE = Kind.of("ecs.container-instance", ContainerInstance.class, ContainerInstance::arn);

    /** Tasks by cluster ARN. */
    public static final Index<Task> TASKS_BY_CLUSTER = Index.of("ecs.tasks-by-cluster", TASK, Task::clusterArn);
    /** Tasks by {@link #taskGroup cluster ARN and group} (a service's tasks: group {@code service:<name>}). */
    public static final Index<Task> TASKS_BY_GROUP = Index.of("ecs.tasks-by-group", TASK, t -> taskGroup(t.clusterArn(), t.group()));
    /** Tasks by the container instance they are placed on (unplaced tasks are not listed). */
    public static final Index<Task> TASKS_BY_INSTANCE = Index.of("ecs.tasks-by-instance", TASK, Task::containerInstanceArn);
    /** Container instances by cluster ARN. */
    public static final Index<ContainerInstance> INSTANCES_BY_CLUSTER = Index.of("ecs.instances-by-cluster", CONTAINER_INSTANCE, ContainerInstance::clusterArn);
    /** Services by cluster ARN. */
    public static final Index<Service> SERVICES_BY_CLUSTER = Index.of("ecs.services-by-cluster", SERVICE, Service::clusterArn);

    /** Task sets by service ARN. */
    public static final Index<io.dockyard.core.model.TaskSet> TASK_SETS_BY_SERVICE = Index.of("ecs.task-sets-by-service", TASK_SET,
            io.dockyard.core.model.TaskSet::serviceArn);

    /** The {@link #TASKS_BY_GROUP} value of a cluster's group. */
    public static String taskGroup(String clusterArn, String group) { return group == null ? null : clusterArn + "|" + group; }
}
