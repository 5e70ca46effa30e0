package io.dockyard.controller.service;

import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.model.BlueGreenState.Stage;
import io.dockyard.controller.service.BlueGreenPlanner.Step;
import io.dockyard.controller.service.TrafficDriver.Shift;
import io.dockyard.core.model.DeploymentConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.dockyard.controller.service.TrafficDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** LINEAR and CANARY production traffic: the increments, how long each is held, the defaults, and a rollback mid-step. */
class TrafficShiftTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static TrafficShift of(Map<String, Object> cfg) { return TrafficShift.of(DeploymentConfig.parse(cfg, false), MINUTE); }

    @Test
    void linearShiftsAStepAtATimeHoldingEachButTheLast() {
        TrafficDriver.Run run = TrafficDriver.run(TrafficShift.linear(250, Duration.ofMinutes(6), Duration.ZERO), Duration.ofSeconds(1), 10_000);
        assertThat(run.shifts()).containsExactly(new Shift(250, T0), new Shift(500, T0.plusSeconds(360)), new Shift(750, T0.plusSeconds(720)),
                new Shift(1000, T0.plusSeconds(1080)));
        assertThat(run.bakeFrom()).as("no step bake time after 100 %").isEqualTo(T0.plusSeconds(1080));
    }

    @Test
    void canaryShiftsTheCanaryThenAfterItsBakeTimeTheRest() {
        TrafficDriver.Run run = TrafficDriver.run(TrafficShift.canary(50, Duration.ofMinutes(10), Duration.ZERO), Duration.ofSeconds(1), 10_000);
        assertThat(run.shifts()).containsExactly(new Shift(50, T0), new Shift(1000, T0.plusSeconds(600)));
        assertThat(run.bakeFrom()).isEqualTo(T0.plusSeconds(600));
        assertThat(TrafficShift.canary(1000, MINUTE, Duration.ZERO).increments()).as("a 100 % canary is one shift")
                .containsExactly(new TrafficShift.Increment(1000, Duration.ZERO));
    }

    @Test
    void theConfigurationsAsECSReadsThemWithItsDefaults() {
        TrafficShift linear = of(Map.of("strategy", "LINEAR", "bakeTimeInMinutes", 3));
        assertThat(linear.increments()).hasSize(10).allSatisfy(i -> assertThat(i.greenPermille() % 100).isZero());
        assertThat(linear.holdAt(100)).isEqualTo(Duration.ofMinutes(6));
        assertThat(linear.bake()).isEqualTo(Duration.ofMinutes(3));
        TrafficShift odd = of(Map.of("strategy", "LINEAR", "linearConfiguration", Map.of("stepPercent", 33.3, "stepBakeTimeInMinutes", 0)));
        assertThat(odd.increments()).extracting(TrafficShift.Increment::greenPermille).containsExactly(333, 666, 999, 1000);
        assertThat(odd.holdAt(333)).isZero();
        TrafficShift canary = of(Map.of("strategy", "CANARY"));
        assertThat(canary.increments()).containsExactly(new TrafficShift.Increment(50, Duration.ofMinutes(10)), new TrafficShift.Increment(1000, Duration.ZERO));
        TrafficShift tiny = of(Map.of("strategy", "CANARY", "canaryConfiguration", Map.of("canaryPercent", 0.1, "canaryBakeTimeInMinutes", 2)));
        assertThat(tiny.increments().get(0)).isEqualTo(new TrafficShift.Increment(1, Duration.ofMinutes(2)));
        assertThat(of(Map.of("strategy", "BLUE_GREEN", "bakeTimeInMinutes", 5)))
                .isEqualTo(TrafficShift.allAtOnce(Duration.ofMinutes(5)));
        assertThat(TrafficShift.of(DeploymentConfig.parse(Map.of("strategy", "CANARY", "bakeTimeInMinutes", 4), false), Duration.ofSeconds(2)))
                .as("a shorter minute (tests) scales every bake time")
                .isEqualTo(TrafficShift.canary(50, Duration.ofSeconds(20), Duration.ofSeconds(8)));
    }

    @Test
    void aStopRequestMidStepRollsBackAndAConfigurationChangeMidFlowContinuesFromWhereTrafficIs() {
        BlueGreenPlanner planner = new BlueGreenPlanner();
        BlueGreenState midStep = new BlueGreenState("svc", "blue", "green", true, Stage.PRODUCTION_TRAFFIC_SHIFT, T0, 300);
        TrafficShift linear = TrafficShift.linear(100, Duration.ofMinutes(6), Duration.ZERO);
        assertThat(planner.plan(midStep, TrafficDriver.healthyBlueAndGreen(), 2, linear, T0.plusSeconds(5), true, true))
                .singleElement().isInstanceOf(Step.Rollback.class);
        assertThat(planner.plan(midStep, TrafficDriver.healthyBlueAndGreen(), 2, linear, T0.plusSeconds(359), false, true)).isEmpty();
        assertThat(planner.plan(midStep, TrafficDriver.healthyBlueAndGreen(), 2, TrafficShift.linear(250, MINUTE, Duration.ZERO), T0.plusSeconds(60), false, true))
                .as("30 %% under a 25 %% step: the next step is 50 %%").containsExactly(new Step.ShiftProduction(500));
    }

    @Test
    void weightsAreAFullShiftAtTheEndsAndAddUpTo1000Between() {
        assertThat(TrafficShift.weights(0)).isEqualTo(new TrafficShift.Weights(100, 0));
        assertThat(TrafficShift.weights(1000)).isEqualTo(new TrafficShift.Weights(0, 100));
        assertThat(TrafficShift.weights(1)).isEqualTo(new TrafficShift.Weights(999, 1));
        assertThat(TrafficShift.weights(999)).isEqualTo(new TrafficShift.Weights(1, 999));
        assertThat(List.of(TrafficShift.weights(50), TrafficShift.weights(500))).containsExactly(new TrafficShift.Weights(950, 50), new TrafficShift.Weights(500, 500));
    }
}
