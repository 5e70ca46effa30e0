package io.dockyard.codedeploy.api;

import io.dockyard.core.port.Store;
import io.dockyard.core.port.TrafficRoutes;
import io.dockyard.protocol.Operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Every CodeDeploy operation Dockyard answers. */
public final class CodeDeployOperations {
    private CodeDeployOperations() {}

    public static List<Operation> all(Store store, Clock clock, TrafficRoutes routes) {
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new ApplicationOperations(store, clock).all());
        ops.addAll(new DeploymentGroupOperations(store, clock, routes).all());
        ops.addAll(new DeploymentConfigOperations(store, clock).all());
        ops.addAll(new DeploymentOperations(store, clock).all());
        return ops;
    }
}
