package io.dockyard.controller.service;

import io.dockyard.core.port.Kind;

import java.time.Instant;

/**
 * Where a BLUE_GREEN service stands, stored so a restarted control plane resumes the same step: the
 * deployment serving production before the flow ({@code blue}), the one being rolled out
 * ({@code green}), whether green's tasks go to the alternate target groups, the stage and when it (or
 * the last production traffic increment) began, and how much production traffic green has, in
 * permille ({@link TrafficShift#ALL} once shifted).
 */
public record BlueGreenState(String serviceArn, String blueDeploymentId, String greenDeploymentId, boolean greenOnAlternate,
                             BlueGreenPlanner.Stage stage, Instant since, int productionPermille) {

    /** Stored under the service ARN. */
    public static final Kind<BlueGreenState> KIND = Kind.of("ecs.blue-green", BlueGreenState.class, BlueGreenState::serviceArn);

    public BlueGreenState at(BlueGreenPlanner.Stage next, Instant now) {
        return new BlueGreenState(serviceArn, blueDeploymentId, greenDeploymentId, greenOnAlternate, next, now, productionPermille);
    }

    /** Green has {@code permille} of production traffic from {@code now} on. */
    public BlueGreenState shifted(int permille, Instant now) {
        return new BlueGreenState(serviceArn, blueDeploymentId, greenDeploymentId, greenOnAlternate, stage, now, permille);
    }

    /** A new flow towards {@code deploymentId}: the current green becomes blue, and the target groups swap. */
    public BlueGreenState rollOut(String deploymentId, Instant now) {
        return new BlueGreenState(serviceArn, greenDeploymentId, deploymentId, !greenOnAlternate, BlueGreenPlanner.Stage.SCALE_UP, now, 0);
    }

    /** Back to blue: it is green (serving) again, on its own target groups. */
    public BlueGreenState rolledBack(Instant now) {
        return new BlueGreenState(serviceArn, null, blueDeploymentId, !greenOnAlternate, BlueGreenPlanner.Stage.DONE, now, TrafficShift.ALL);
    }

    /** Whether production traffic goes to green's target groups now. */
    public boolean productionOnGreen() {
        return stage == BlueGreenPlanner.Stage.BAKE_TIME || stage == BlueGreenPlanner.Stage.CLEAN_UP || stage == BlueGreenPlanner.Stage.DONE;
    }

    /** Whether a task of {@code deploymentId} belongs in the alternate target groups. */
    public boolean onAlternate(String deploymentId) {
        return greenDeploymentId.equals(deploymentId) == greenOnAlternate;
    }
}
