package io.dockyard.codedeploy;

import io.dockyard.codedeploy.api.CodeDeployOperations;
import io.dockyard.codedeploy.run.DeploymentRunner;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Store;
import io.dockyard.core.port.TrafficRoutes;
import io.dockyard.protocol.JsonService;

import java.time.Clock;
import java.time.Duration;

/**
 * CodeDeploy (JSON 1.1, target prefix {@code CodeDeploy_20141006}, signing name {@code codedeploy}) for
 * the ECS compute platform, on the shared store: the API, and the runner that carries out deployments
 * (started under the leader's supervisor).
 */
public final class CodeDeploy {
    public static final String TARGET_PREFIX = "CodeDeploy_20141006";
    public static final String SIGNING_NAME = "codedeploy";

    private final JsonService service;

    private CodeDeploy(JsonService service) { this.service = service; }

    /** The API, and the deployment runner as the loop {@code codedeploy} under {@code supervisor}; {@code minute}: one minute of the waits. */
    public static CodeDeploy start(Store store, Clock clock, TrafficRoutes routes, Supervisor supervisor, Duration minute) {
        DeploymentRunner runner = new DeploymentRunner(store, clock, routes, minute);
        supervisor.start("codedeploy", runner::run);
        return new CodeDeploy(JsonService.of(TARGET_PREFIX, SIGNING_NAME, CodeDeployOperations.all(store, clock, routes)));
    }

    public JsonService service() { return service; }
}
