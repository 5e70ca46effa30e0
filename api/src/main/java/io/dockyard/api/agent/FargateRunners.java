package io.dockyard.api.agent;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.port.Kind;

/**
 * The control plane's Fargate runners: agents registered with {@code fargate: true}. They are stored
 * apart from container instances, so ListContainerInstances and DescribeContainerInstances never show
 * them; any one of them runs every FARGATE task of every cluster.
 */
public final class FargateRunners {
    private FargateRunners() {}

    public static final Kind<ContainerInstance> KIND = Kind.of("ecs.fargate-runner", ContainerInstance.class, ContainerInstance::arn);
}
