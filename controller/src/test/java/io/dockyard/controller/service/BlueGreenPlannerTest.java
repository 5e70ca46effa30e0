package io.dockyard.controller.service;

import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.model.BlueGreenState.Stage;
import io.dockyard.controller.service.BlueGreenPlanner.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The blue/green decision: scale green up, shift test then production traffic, bake, stop blue; roll back on request or failure. */
class BlueGreenPlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final BlueGreenPlanner planner = new BlueGreenPlanner();

    private static BlueGreenState at(Stage stage) { return new BlueGreenState("svc", "blue", "green", true, stage, T0, 0); }

    private static TaskView running(String id, String dep, boolean healthy) {
        return new TaskView(id, dep, "RUNNING", "RUNNING", healthy, false, null, id.hashCode());
    }

    private static TaskView failed(String id, String dep) {
        return new TaskView(id, dep, "STOPPED", "STOPPED", false, false, "TaskFailedToStart", 0);
    }

    private static List<TaskView> blue(int n) {
        List<TaskView> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(running("b" + i, "blue", true));
        return out;
    }

    private List<Step> plan(BlueGreenState s, List<TaskView> tasks, Duration bake, Instant now) {
        return planner.plan(s, tasks, 2, TrafficShift.allAtOnce(bake), now, false, true);
    }

    @Test
    void greenStartsAtFullCountBesideBlueWithoutTouchingBlue() {
        assertThat(plan(at(Stage.SCALE_UP), blue(2), Duration.ZERO, T0)).containsExactly(new Step.Start(2));
        List<TaskView> tasks = new ArrayList<>(blue(2));
        tasks.add(running("g0", "green", true));
        tasks.add(running("g1", "green", false));
        assertThat(plan(at(Stage.SCALE_UP), tasks, Duration.ZERO, T0)).as("one green task not healthy yet: wait").isEmpty();
    }

    @Test
    void testTrafficShiftsBeforeProductionAndBakeTimeHoldsBlue() {
        List<TaskView> tasks = new ArrayList<>(blue(2));
        tasks.add(running("g0", "green", true));
        tasks.add(running("g1", "green", true));
        assertThat(plan(at(Stage.SCALE_UP), tasks, Duration.ZERO, T0)).containsExactly(new Step.Enter(Stage.TEST_TRAFFIC_SHIFT));
        assertThat(plan(at(Stage.TEST_TRAFFIC_SHIFT), tasks, Duration.ZERO, T0)).containsExactly(new Step.ShiftTest(), new Step.Enter(Stage.PRODUCTION_TRAFFIC_SHIFT));
        assertThat(plan(at(Stage.PRODUCTION_TRAFFIC_SHIFT), tasks, Duration.ZERO, T0)).containsExactly(new Step.ShiftProduction(TrafficShift.ALL), new Step.Enter(Stage.BAKE_TIME));
        Duration bake = Duration.ofMinutes(5);
        assertThat(plan(at(Stage.BAKE_TIME), tasks, bake, T0.plusSeconds(299))).isEmpty();
        assertThat(plan(at(Stage.BAKE_TIME), tasks, bake, T0.plusSeconds(300))).containsExactly(new Step.Enter(Stage.CLEAN_UP));
        assertThat(plan(at(Stage.BAKE_TIME), tasks, Duration.ZERO, T0)).containsExactly(new Step.Enter(Stage.CLEAN_UP));
        assertThat(plan(at(Stage.CLEAN_UP), tasks, bake, T0)).singleElement()
                .isInstanceOfSatisfying(Step.Stop.class, s -> assertThat(s.taskArns()).containsExactlyInAnyOrder("b0", "b1"));
    }

    @Test
    void completesOnlyWhenBlueHasStopped() {
        List<TaskView> tasks = new ArrayList<>();
        tasks.add(new TaskView("b0", "blue", "RUNNING", "STOPPED", false, false, "ServiceSchedulerInitiated", 1));
        tasks.add(running("g0", "green", true));
        tasks.add(running("g1", "green", true));
        assertThat(plan(at(Stage.CLEAN_UP), tasks, Duration.ZERO, T0)).isEmpty();
        tasks.set(0, new TaskView("b0", "blue", "STOPPED", "STOPPED", false, false, "ServiceSchedulerInitiated", 1));
        assertThat(plan(at(Stage.CLEAN_UP), tasks, Duration.ZERO, T0)).containsExactly(new Step.Complete());
    }

    @Test
    void aStopRequestOrTheCircuitBreakerRollsBackAtAnyStage() {
        for (Stage stage : List.of(Stage.SCALE_UP, Stage.TEST_TRAFFIC_SHIFT, Stage.PRODUCTION_TRAFFIC_SHIFT, Stage.BAKE_TIME, Stage.CLEAN_UP)) {
            assertThat(planner.plan(at(stage), blue(2), 2, TrafficShift.allAtOnce(Duration.ZERO), T0, true, false)).singleElement().isInstanceOf(Step.Rollback.class);
        }
        List<TaskView> tasks = new ArrayList<>(blue(2));
        for (int i = 0; i < 3; i++) tasks.add(failed("f" + i, "green"));
        assertThat(plan(at(Stage.SCALE_UP), tasks, Duration.ZERO, T0)).singleElement()
                .isInstanceOfSatisfying(Step.Rollback.class, r -> assertThat(r.reason()).contains("circuit breaker"));
        assertThat(planner.plan(at(Stage.SCALE_UP), tasks, 2, TrafficShift.allAtOnce(Duration.ZERO), T0, false, false)).as("no circuit breaker: keep trying").containsExactly(new Step.Start(2));
    }

    @Test
    void tasksOfASupersededGreenAreStopped() {
        List<TaskView> tasks = new ArrayList<>(blue(2));
        tasks.add(running("old", "older-green", true));
        assertThat(plan(at(Stage.SCALE_UP), tasks, Duration.ZERO, T0))
                .containsExactly(new Step.Stop(List.of("old"), "Superseded by (deployment green)"), new Step.Start(2));
    }

    @Test
    void greenTasksGoToTheOtherTargetGroupsThanBlue() {
        BlueGreenState s = at(Stage.SCALE_UP);
        assertThat(s.onAlternate("green")).isTrue();
        assertThat(s.onAlternate("blue")).isFalse();
        BlueGreenState back = s.rolledBack(T0);
        assertThat(back.greenDeploymentId()).isEqualTo("blue");
        assertThat(back.onAlternate("blue")).as("blue stays where it is").isFalse();
        assertThat(back.onAlternate("green")).isTrue();
        BlueGreenState next = back.rollOut("next", T0);
        assertThat(next.onAlternate("next")).isTrue();
        assertThat(next.onAlternate("blue")).isFalse();
    }
}
