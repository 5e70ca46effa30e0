package io.dockyard.controller.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ECS blue/green deployment as a pure function: green (the new deployment) scales up to the
 * full desired count beside blue; once every green task is healthy, test traffic and then production
 * traffic shift to green; after the bake time blue is stopped and the deployment completes. A stop
 * request or the circuit breaker rolls back: traffic returns to blue at once and green is stopped.
 */
public final class BlueGreenPlanner {

    /** The lifecycle stages ECS reports, DONE when no blue/green deployment is in progress. */
    public enum Stage { SCALE_UP, TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP, DONE }

    /** What the controller does next. */
    public sealed interface Step {
        /** Launch green tasks. */
        record Start(int count) implements Step {}
        /** Drain and stop these tasks. */
        record Stop(List<String> taskArns, String reason) implements Step {}
        /** Point the test listener rules at green. */
        record ShiftTest() implements Step {}
        /** Point the production listener rules at green. */
        record ShiftProduction() implements Step {}
        /** Enter a stage (its clock starts now). */
        record Enter(Stage stage) implements Step {}
        /** Blue is gone: the deployment is COMPLETED. */
        record Complete() implements Step {}
        /** Production (and test) traffic back to blue, green stopped, the deployment FAILED. */
        record Rollback(String reason) implements Step {}
    }

    /**
     * @param state         where the flow stands (not DONE)
     * @param tasks         every task of the service
     * @param stopRequested the green deployment was stopped (StopServiceDeployment) or failed
     * @param circuitBreaker whether the deployment circuit breaker is enabled
     */
    public List<Step> plan(BlueGreenState state, List<TaskView> tasks, int desired, Duration bake, Instant now,
                           boolean stopRequested, boolean circuitBreaker) {
        String green = state.greenDeploymentId();
        if (stopRequested) return List.of(new Step.Rollback("Rollback requested by user (StopServiceDeployment)."));
        List<TaskView> greenTasks = tasks.stream().filter(t -> t.deploymentId().equals(green)).toList();
        if (circuitBreaker && greenTasks.stream().filter(TaskView::failed).count() >= ServiceReconciler.failureThreshold(desired)) {
            return List.of(new Step.Rollback("ECS deployment circuit breaker: tasks failed to start."));
        }
        List<Step> steps = new ArrayList<>();
        List<TaskView> greenLive = greenTasks.stream().filter(t -> t.live() && !t.draining()).toList();
        List<String> strays = tasks.stream().filter(t -> t.live() && !t.draining() && !t.deploymentId().equals(green)
                && !t.deploymentId().equals(state.blueDeploymentId())).map(TaskView::taskArn).toList();
        if (!strays.isEmpty()) steps.add(new Step.Stop(strays, "Superseded by (deployment " + green + ")"));
        if (greenLive.size() < desired) steps.add(new Step.Start(desired - greenLive.size()));
        if (greenLive.size() > desired) {
            steps.add(new Step.Stop(greenLive.stream().sorted(Comparator.comparing(TaskView::createdSeq).reversed())
                    .limit(greenLive.size() - desired).map(TaskView::taskArn).toList(), "Scaling activity initiated by (deployment " + green + ")"));
        }
        boolean greenReady = greenLive.size() == desired && greenLive.stream().allMatch(TaskView::healthyRunning);
        switch (state.stage()) {
            case SCALE_UP -> { if (greenReady) steps.add(new Step.Enter(Stage.TEST_TRAFFIC_SHIFT)); }
            case TEST_TRAFFIC_SHIFT -> { steps.add(new Step.ShiftTest()); steps.add(new Step.Enter(Stage.PRODUCTION_TRAFFIC_SHIFT)); }
            case PRODUCTION_TRAFFIC_SHIFT -> { steps.add(new Step.ShiftProduction()); steps.add(new Step.Enter(Stage.BAKE_TIME)); }
            case BAKE_TIME -> { if (!now.isBefore(state.since().plus(bake))) steps.add(new Step.Enter(Stage.CLEAN_UP)); }
            case CLEAN_UP -> {
                List<TaskView> blue = tasks.stream().filter(t -> !t.deploymentId().equals(green)).toList();
                List<String> stop = blue.stream().filter(t -> t.live() && !t.draining()).map(TaskView::taskArn).toList();
                if (!stop.isEmpty()) steps.add(new Step.Stop(stop, "Blue/green deployment " + green + " completed its bake time"));
                else if (blue.stream().allMatch(TaskView::stopped)) steps.add(new Step.Complete());
            }
            case DONE -> { }
        }
        return steps;
    }
}
