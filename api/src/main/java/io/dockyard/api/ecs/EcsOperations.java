package io.dockyard.api.ecs;

import io.dockyard.api.ecs.cluster.CreateClusterHandler;
import io.dockyard.api.ecs.cluster.DeleteClusterHandler;
import io.dockyard.api.ecs.cluster.DescribeClustersHandler;
import io.dockyard.api.ecs.cluster.ListClustersHandler;
import io.dockyard.api.ecs.cluster.UpdateClusterHandler;
import io.dockyard.api.ecs.cluster.UpdateClusterSettingsHandler;
import io.dockyard.protocol.JsonService;
import io.dockyard.protocol.Operation;

import java.util.ArrayList;
import java.util.List;

/** The ECS service: every supported operation, one handler each. */
public final class EcsOperations {
    public static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113";

    private EcsOperations() {}

    public static JsonService service(Ecs ecs) {
        List<Operation> ops = new ArrayList<>();
        // clusters
        ops.add(new CreateClusterHandler(ecs));
        ops.add(new DescribeClustersHandler(ecs));
        ops.add(new ListClustersHandler(ecs));
        ops.add(new UpdateClusterHandler(ecs));
        ops.addAll(io.dockyard.api.ecs.cluster.CapacityProviderHandlers.all(ecs));
        ops.add(new UpdateClusterSettingsHandler(ecs));
        ops.add(new DeleteClusterHandler(ecs));
        ops.add(new io.dockyard.api.ecs.account.PutAccountSettingHandler(ecs));
        ops.add(new io.dockyard.api.ecs.account.PutAccountSettingDefaultHandler(ecs));
        ops.add(new io.dockyard.api.ecs.account.ListAccountSettingsHandler(ecs));
        ops.add(new io.dockyard.api.ecs.account.DeleteAccountSettingHandler(ecs));
        ops.addAll(TaskDefinitionOperations.all(ecs));
        ops.addAll(TaskOperations.all(ecs));
        ops.addAll(ContainerInstanceOperations.all(ecs));
        ops.addAll(ServiceOperations.all(ecs));
        ops.addAll(new io.dockyard.api.ecs.daemon.DaemonTaskDefinitionOperations(ecs).all());
        ops.addAll(new io.dockyard.api.ecs.daemon.DaemonOperations(ecs).all());
        ops.addAll(new io.dockyard.api.ecs.daemon.DaemonDeploymentOperations(ecs).all());
        return JsonService.of(TARGET_PREFIX, "ecs", ops);
    }
}
