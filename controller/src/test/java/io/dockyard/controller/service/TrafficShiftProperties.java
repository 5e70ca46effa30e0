package io.dockyard.controller.service;

import io.dockyard.controller.service.TrafficDriver.Shift;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every LINEAR and CANARY configuration ECS accepts, driven through the planner: the rule's weights
 * are valid ALB weights in the exact split, green's share only grows, ends at 100 %, LINEAR takes
 * ceil(100 / stepPercent) steps held stepBakeTimeInMinutes apart (none after the last; one increment a
 * pass when there is no bake time).
 */
class TrafficShiftProperties {
    private static final Duration TICK = Duration.ofSeconds(1);

    @Property(tries = 300)
    void linear(@ForAll @IntRange(min = 30, max = 1000) int stepPermille, @ForAll @IntRange(min = 0, max = 3) int stepBakeMinutes) {
        Duration hold = Duration.ofMinutes(stepBakeMinutes);
        TrafficDriver.Run run = TrafficDriver.run(TrafficShift.linear(stepPermille, hold, Duration.ZERO), TICK, 20_000);
        int expectedSteps = (1000 + stepPermille - 1) / stepPermille;
        assertThat(run.shifts()).hasSize(expectedSteps);
        checkShares(run.shifts());
        for (int i = 0; i < run.shifts().size() - 1; i++) {
            assertThat(run.shifts().get(i).greenPermille()).isEqualTo((i + 1) * stepPermille);
            assertThat(Duration.between(run.shifts().get(i).at(), run.shifts().get(i + 1).at())).isEqualTo(held(hold));
        }
        assertThat(run.bakeFrom()).as("bake time right after 100 %").isEqualTo(run.shifts().getLast().at());
    }

    @Property(tries = 200)
    void canary(@ForAll @IntRange(min = 1, max = 1000) int canaryPermille, @ForAll @IntRange(min = 0, max = 3) int bakeMinutes) {
        TrafficDriver.Run run = TrafficDriver.run(TrafficShift.canary(canaryPermille, Duration.ofMinutes(bakeMinutes), Duration.ZERO), TICK, 20_000);
        checkShares(run.shifts());
        if (canaryPermille == 1000) {
            assertThat(run.shifts()).extracting(Shift::greenPermille).containsExactly(1000);
        } else {
            assertThat(run.shifts()).extracting(Shift::greenPermille).containsExactly(canaryPermille, 1000);
            assertThat(Duration.between(run.shifts().get(0).at(), run.shifts().get(1).at())).isEqualTo(held(Duration.ofMinutes(bakeMinutes)));
        }
    }

    /** How long a step stays: its bake time, or one pass when there is none (one increment a pass). */
    private static Duration held(Duration hold) { return hold.isZero() ? TICK : hold; }

    /** Strictly growing green share, ending at all; each step's weights valid for ALB (0..999) and exactly its share. */
    private static void checkShares(List<Shift> shifts) {
        assertThat(shifts).isNotEmpty();
        assertThat(shifts.getLast().greenPermille()).isEqualTo(TrafficShift.ALL);
        int before = 0;
        for (Shift s : shifts) {
            assertThat(s.greenPermille()).isGreaterThan(before);
            before = s.greenPermille();
            TrafficShift.Weights w = TrafficShift.weights(s.greenPermille());
            assertThat(w.blue()).isBetween(0, 999);
            assertThat(w.green()).isBetween(0, 999);
            assertThat(w.green() * 1000L).as("green's share of the weights").isEqualTo((long) s.greenPermille() * (w.blue() + w.green()));
            if (s.greenPermille() < TrafficShift.ALL) assertThat(w.blue() + w.green()).isEqualTo(1000);
        }
    }
}
