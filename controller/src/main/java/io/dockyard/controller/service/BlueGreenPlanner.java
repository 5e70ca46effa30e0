package io.dockyard.controller.service;

import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.model.BlueGreenState.Stage;
import io.dockyard.launch.Deployments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ECS blue/green, linear and canary deployment as a pure function: green (the new deployment)
 * scales up to the full desired count beside blue; once every green task is healthy, test traffic
 * and then production traffic shift to green — at once (BLUE_GREEN) or in the increments of a
 * {@link TrafficShift} (LINEAR, CANARY), each held for its bake time; after the final bake time blue
 * is stopped and the deployment completes. A stop request or the circuit breaker rolls back:
 * traffic returns to blue at once and green is stopped. PAUSE lifecycle hooks ({@link LifecycleHooks})
 * hold the flow at their stages: RECONCILE_SERVICE and PRE_SCALE_UP before green starts, POST_SCALE_UP
 * once green is healthy, TEST_TRAFFIC_SHIFT and POST_TEST_TRAFFIC_SHIFT once test traffic is on green,
 * PRE_PRODUCTION_TRAFFIC_SHIFT before the first production shift, PRODUCTION_TRAFFIC_SHIFT and
 * POST_PRODUCTION_TRAFFIC_SHIFT once all production traffic is on green (before the bake time).
 */
public final class BlueGreenPlanner {

    /** What the controller does next. */
    public sealed interface Step {
        /** Launch green tasks. */
        record Start(int count) implements Step {}
        /** Drain and stop these tasks. */
        record Stop(List<String> taskArns, String reason) implements Step {}
        /** Point the test listener rules at green. */
        record ShiftTest() implements Step {}
        /** Send {@code greenPermille} of production traffic (in tenths of a percent) to green, the rest to blue. */
        record ShiftProduction(int greenPermille) implements Step {}
        /** Enter a stage (its clock starts now). */
        record Enter(Stage stage) implements Step {}
        /** Blue is gone: the deployment is COMPLETED. */
        record Complete() implements Step {}
        /** Production (and test) traffic back to blue, green stopped, the deployment FAILED. */
        record Rollback(String reason) implements Step {}
        /** A PAUSE lifecycle hook holds the deployment at {@code stage}. */
        record Pause(String stage) implements Step {}
        /** The paused hook at {@code stage} was continued (ContinueServiceDeployment or its timeout). */
        record Resume(String stage) implements Step {}
    }

    public List<Step> plan(BlueGreenState state, List<TaskView> tasks, int desired, TrafficShift shift, Instant now,
                           boolean stopRequested, boolean circuitBreaker) {
        return plan(state, tasks, desired, shift, now, stopRequested, circuitBreaker, LifecycleHooks.NONE);
    }

    /**
     * @param state         where the flow stands (not DONE)
     * @param tasks         every task of the service
     * @param stopRequested the green deployment was stopped (StopServiceDeployment) or failed
     * @param shift         the production traffic increments and the bake time
     * @param circuitBreaker whether the deployment circuit breaker is enabled
     * @param hooks         the PAUSE lifecycle hooks of this deployment and where they stand
     */
    public List<Step> plan(BlueGreenState state, List<TaskView> tasks, int desired, TrafficShift shift, Instant now,
                           boolean stopRequested, boolean circuitBreaker, LifecycleHooks hooks) {
        String green = state.greenDeploymentId();
        if (stopRequested) return List.of(new Step.Rollback("Rollback requested by user (StopServiceDeployment)."));
        if ("ROLLBACK".equals(hooks.decision(now))) {
            return List.of(new Step.Rollback("Rollback requested by lifecycle hook at " + hooks.pause().stage() + "."));
        }
        List<TaskView> greenTasks = tasks.stream().filter(t -> t.deploymentId().equals(green)).toList();
        if (circuitBreaker && greenTasks.stream().filter(TaskView::failed).count() >= Deployments.failureThreshold(desired)) {
            return List.of(new Step.Rollback("ECS deployment circuit breaker: tasks failed to start."));
        }
        List<Step> steps = new ArrayList<>();
        List<TaskView> greenLive = greenTasks.stream().filter(t -> t.live() && !t.draining()).toList();
        List<String> strays = tasks.stream().filter(t -> t.live() && !t.draining() && !t.deploymentId().equals(green)
                && !t.deploymentId().equals(state.blueDeploymentId())).map(TaskView::taskArn).toList();
        if (!strays.isEmpty()) steps.add(new Step.Stop(strays, "Superseded by (deployment " + green + ")"));
        boolean mayScale = state.stage() != Stage.SCALE_UP
                || hooks.pass("RECONCILE_SERVICE", now, steps) && hooks.pass("PRE_SCALE_UP", now, steps);
        if (mayScale && greenLive.size() < desired) steps.add(new Step.Start(desired - greenLive.size()));
        if (greenLive.size() > desired) {
            steps.add(new Step.Stop(greenLive.stream().sorted(Comparator.comparing(TaskView::createdSeq).reversed())
                    .limit(greenLive.size() - desired).map(TaskView::taskArn).toList(), "Scaling activity initiated by (deployment " + green + ")"));
        }
        boolean greenReady = greenLive.size() == desired && greenLive.stream().allMatch(TaskView::healthyRunning);
        switch (state.stage()) {
            case SCALE_UP -> {
                if (mayScale && greenReady && hooks.pass("POST_SCALE_UP", now, steps)) steps.add(new Step.Enter(Stage.TEST_TRAFFIC_SHIFT));
            }
            case TEST_TRAFFIC_SHIFT -> {
                if (!hooks.paused()) steps.add(new Step.ShiftTest());
                if (hooks.pass("TEST_TRAFFIC_SHIFT", now, steps) && hooks.pass("POST_TEST_TRAFFIC_SHIFT", now, steps)) {
                    steps.add(new Step.Enter(Stage.PRODUCTION_TRAFFIC_SHIFT));
                }
            }
            case PRODUCTION_TRAFFIC_SHIFT -> {
                if (state.productionPermille() > 0 || hooks.pass("PRE_PRODUCTION_TRAFFIC_SHIFT", now, steps)) {
                    productionShift(state, shift, now, steps, hooks);
                }
            }
            case BAKE_TIME -> { if (!now.isBefore(state.since().plus(shift.bake()))) steps.add(new Step.Enter(Stage.CLEAN_UP)); }
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

    /** The next increment once the current one has been held long enough; BAKE_TIME once all production traffic is on green. */
    private static void productionShift(BlueGreenState state, TrafficShift shift, Instant now, List<Step> steps, LifecycleHooks hooks) {
        int at = state.productionPermille();
        TrafficShift.Increment next = shift.next(at);
        if (next != null && now.isBefore(state.since().plus(shift.holdAt(at)))) return;
        if (next != null) steps.add(new Step.ShiftProduction(next.greenPermille()));
        if ((next == null || next.greenPermille() >= TrafficShift.ALL)
                && hooks.pass("PRODUCTION_TRAFFIC_SHIFT", now, steps) && hooks.pass("POST_PRODUCTION_TRAFFIC_SHIFT", now, steps)) {
            steps.add(new Step.Enter(Stage.BAKE_TIME));
        }
    }
}
