package io.dockyard.core.model;

import io.dockyard.core.port.Kind;

import java.time.Instant;

/**
 * Where a BLUE_GREEN service stands, stored so a restarted control plane resumes the same step: the
 * deployment serving production before the flow ({@code blue}), the one being rolled out
 * ({@code green}), whether green's tasks go to the alternate target groups, the stage and when it (or
 * the last production traffic increment) began, and how much production traffic green has, in
 * permille ({@link #ALL} once shifted).
 */
public record BlueGreenState(String serviceArn, String blueDeploymentId, String greenDeploymentId, boolean greenOnAlternate,
                             Stage stage, Instant since, int productionPermille) {

    /** The stages of a BLUE_GREEN, LINEAR or CANARY deployment (DONE: nothing in progress). */
    public enum Stage { SCALE_UP, TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP, DONE }

    /** All of the traffic, in permille. */
    public static final int ALL = 1000;

    /** Stored under the service ARN. */
    public static final Kind<BlueGreenState> KIND = Kind.of("ecs.blue-green", BlueGreenState.class, BlueGreenState::serviceArn);

    public BlueGreenState at(Stage next, Instant now) {
        return new BlueGreenState(serviceArn, blueDeploymentId, greenDeploymentId, greenOnAlternate, next, now, productionPermille);
    }

    /** Green has {@code permille} of production traffic from {@code now} on. */
    public BlueGreenState shifted(int permille, Instant now) {
        return new BlueGreenState(serviceArn, blueDeploymentId, greenDeploymentId, greenOnAlternate, stage, now, permille);
    }

    /** A new flow towards {@code deploymentId}: the current green becomes blue, and the target groups swap. */
    public BlueGreenState rollOut(String deploymentId, Instant now) {
        return new BlueGreenState(serviceArn, greenDeploymentId, deploymentId, !greenOnAlternate, Stage.SCALE_UP, now, 0);
    }

    /** Back to blue: it is green (serving) again, on its own target groups. */
    public BlueGreenState rolledBack(Instant now) {
        return new BlueGreenState(serviceArn, null, blueDeploymentId, !greenOnAlternate, Stage.DONE, now, ALL);
    }

    /** Whether production traffic goes to green's target groups now. */
    public boolean productionOnGreen() {
        return stage == Stage.BAKE_TIME || stage == Stage.CLEAN_UP || stage == Stage.DONE;
    }

    /** Whether a task of {@code deploymentId} belongs in the alternate target groups. */
    public boolean onAlternate(String deploymentId) {
        return greenDeploymentId.equals(deploymentId) == greenOnAlternate;
    }
}
