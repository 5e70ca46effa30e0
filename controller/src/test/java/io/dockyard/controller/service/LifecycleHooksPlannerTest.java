package io.dockyard.controller.service;

import io.dockyard.controller.service.BlueGreenPlanner.Step;
import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.model.BlueGreenState.Stage;
import io.dockyard.core.model.HookPause;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PAUSE lifecycle hooks: the planner holds at the hook's stage, goes on after CONTINUE, rolls back after ROLLBACK, and times out. */
class LifecycleHooksPlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final BlueGreenPlanner planner = new BlueGreenPlanner();

    private static BlueGreenState at(Stage stage, int permille) { return new BlueGreenState("svc", "blue", "green", true, stage, T0, permille); }

    private static TaskView running(String id, String dep) { return new TaskView(id, dep, "RUNNING", "RUNNING", true, false, null, id.hashCode()); }

    private static final List<TaskView> BOTH = List.of(running("b0", "blue"), running("b1", "blue"), running("g0", "green"), running("g1", "green"));
    private static final List<TaskView> BLUE = List.of(running("b0", "blue"), running("b1", "blue"));

    private static LifecycleHooks hooks(String stage, Duration timeout, String action, HookPause p) {
        return new LifecycleHooks(List.of(new LifecycleHooks.Hook(List.of(stage), timeout, action)), p);
    }

    private static HookPause paused(String stage, String decision) {
        return new HookPause("svc", "green", List.of(), stage, "h1", T0, decision);
    }

    private List<Step> plan(BlueGreenState s, List<TaskView> tasks, LifecycleHooks h, Instant now) {
        return planner.plan(s, tasks, 2, TrafficShift.allAtOnce(Duration.ZERO), now, false, true, h);
    }

    @Test
    void preScaleUpHoldsGreenUntilContinued() {
        assertThat(plan(at(Stage.SCALE_UP, 0), BLUE, hooks("PRE_SCALE_UP", null, "CONTINUE", null), T0)).containsExactly(new Step.Pause("PRE_SCALE_UP"));
        assertThat(plan(at(Stage.SCALE_UP, 0), BLUE, hooks("PRE_SCALE_UP", null, "CONTINUE", paused("PRE_SCALE_UP", null)), T0.plusSeconds(3600)))
                .as("no timeout: still waiting").isEmpty();
        assertThat(plan(at(Stage.SCALE_UP, 0), BLUE, hooks("PRE_SCALE_UP", null, "CONTINUE", paused("PRE_SCALE_UP", "CONTINUE")), T0))
                .containsExactly(new Step.Resume("PRE_SCALE_UP"), new Step.Start(2));
    }

    @Test
    void everyStagePausesWhereItBelongs() {
        assertThat(plan(at(Stage.SCALE_UP, 0), BOTH, hooks("POST_SCALE_UP", null, "CONTINUE", null), T0)).containsExactly(new Step.Pause("POST_SCALE_UP"));
        assertThat(plan(at(Stage.TEST_TRAFFIC_SHIFT, 0), BOTH, hooks("POST_TEST_TRAFFIC_SHIFT", null, "CONTINUE", null), T0))
                .containsExactly(new Step.ShiftTest(), new Step.Pause("POST_TEST_TRAFFIC_SHIFT"));
        assertThat(plan(at(Stage.TEST_TRAFFIC_SHIFT, 0), BOTH, hooks("POST_TEST_TRAFFIC_SHIFT", null, "CONTINUE", paused("POST_TEST_TRAFFIC_SHIFT", null)), T0))
                .as("paused: test traffic is not shifted again").isEmpty();
        assertThat(plan(at(Stage.PRODUCTION_TRAFFIC_SHIFT, 0), BOTH, hooks("PRE_PRODUCTION_TRAFFIC_SHIFT", null, "CONTINUE", null), T0))
                .containsExactly(new Step.Pause("PRE_PRODUCTION_TRAFFIC_SHIFT"));
        assertThat(plan(at(Stage.PRODUCTION_TRAFFIC_SHIFT, 0), BOTH, hooks("POST_PRODUCTION_TRAFFIC_SHIFT", null, "CONTINUE", null), T0))
                .containsExactly(new Step.ShiftProduction(TrafficShift.ALL), new Step.Pause("POST_PRODUCTION_TRAFFIC_SHIFT"));
        assertThat(plan(at(Stage.PRODUCTION_TRAFFIC_SHIFT, TrafficShift.ALL), BOTH,
                hooks("POST_PRODUCTION_TRAFFIC_SHIFT", null, "CONTINUE", paused("POST_PRODUCTION_TRAFFIC_SHIFT", "CONTINUE")), T0))
                .containsExactly(new Step.Resume("POST_PRODUCTION_TRAFFIC_SHIFT"), new Step.Enter(Stage.BAKE_TIME));
    }

    @Test
    void continuePassesAndAPassedStageDoesNotPauseAgain() {
        assertThat(plan(at(Stage.TEST_TRAFFIC_SHIFT, 0), BOTH, hooks("POST_TEST_TRAFFIC_SHIFT", null, "CONTINUE", paused("POST_TEST_TRAFFIC_SHIFT", "CONTINUE")), T0))
                .containsExactly(new Step.Resume("POST_TEST_TRAFFIC_SHIFT"), new Step.Enter(Stage.PRODUCTION_TRAFFIC_SHIFT));
        HookPause passed = new HookPause("svc", "green", List.of("POST_TEST_TRAFFIC_SHIFT"), null, null, null, null);
        assertThat(plan(at(Stage.TEST_TRAFFIC_SHIFT, 0), BOTH, hooks("POST_TEST_TRAFFIC_SHIFT", null, "CONTINUE", passed), T0))
                .containsExactly(new Step.ShiftTest(), new Step.Enter(Stage.PRODUCTION_TRAFFIC_SHIFT));
    }

    @Test
    void rollbackDecisionRollsBack() {
        assertThat(plan(at(Stage.TEST_TRAFFIC_SHIFT, 0), BOTH, hooks("POST_TEST_TRAFFIC_SHIFT", null, "CONTINUE", paused("POST_TEST_TRAFFIC_SHIFT", "ROLLBACK")), T0))
                .singleElement().isInstanceOf(Step.Rollback.class);
    }

    @Test
    void timeoutFiresItsAction() {
        Duration five = Duration.ofMinutes(5);
        HookPause p = paused("POST_SCALE_UP", null);
        assertThat(plan(at(Stage.SCALE_UP, 0), BOTH, hooks("POST_SCALE_UP", five, "ROLLBACK", p), T0.plusSeconds(299))).isEmpty();
        assertThat(plan(at(Stage.SCALE_UP, 0), BOTH, hooks("POST_SCALE_UP", five, "ROLLBACK", p), T0.plusSeconds(300)))
                .singleElement().isInstanceOf(Step.Rollback.class);
        assertThat(plan(at(Stage.SCALE_UP, 0), BOTH, hooks("POST_SCALE_UP", five, "CONTINUE", p), T0.plusSeconds(300)))
                .containsExactly(new Step.Resume("POST_SCALE_UP"), new Step.Enter(Stage.TEST_TRAFFIC_SHIFT));
    }
}
