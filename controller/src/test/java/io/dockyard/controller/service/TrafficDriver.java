package io.dockyard.controller.service;

import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.model.BlueGreenState.Stage;
import io.dockyard.controller.service.BlueGreenPlanner.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the planner through the production traffic shift of a healthy green deployment, a pass every
 * {@code tick} as the service controller does, applying each step to the state: what it shifted when.
 */
final class TrafficDriver {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One production traffic increment: green's permille from {@code at} on. */
    record Shift(int greenPermille, Instant at) {}

    /** The increments in order and when BAKE_TIME began (null if it never did). */
    record Run(List<Shift> shifts, Instant bakeFrom) {}

    private TrafficDriver() {}

    static List<TaskView> healthyBlueAndGreen() {
        List<TaskView> tasks = new ArrayList<>();
        for (String dep : List.of("blue", "green")) {
            for (int i = 0; i < 2; i++) tasks.add(new TaskView(dep + i, dep, "RUNNING", "RUNNING", true, false, null, i));
        }
        return tasks;
    }

    static Run run(TrafficShift shift, Duration tick, int maxPasses) {
        BlueGreenPlanner planner = new BlueGreenPlanner();
        BlueGreenState st = new BlueGreenState("svc", "blue", "green", true, Stage.PRODUCTION_TRAFFIC_SHIFT, T0, 0);
        List<TaskView> tasks = healthyBlueAndGreen();
        List<Shift> shifts = new ArrayList<>();
        Instant now = T0;
        for (int pass = 0; pass < maxPasses && st.stage() == Stage.PRODUCTION_TRAFFIC_SHIFT; pass++, now = now.plus(tick)) {
            for (Step step : planner.plan(st, tasks, 2, shift, now, false, true)) {
                switch (step) {
                    case Step.ShiftProduction p -> {
                        st = st.shifted(p.greenPermille(), now);
                        shifts.add(new Shift(p.greenPermille(), now));
                    }
                    case Step.Enter e -> st = st.at(e.stage(), now);
                    default -> throw new AssertionError("unexpected step during the production shift: " + step);
                }
            }
        }
        return new Run(shifts, st.stage() == Stage.BAKE_TIME ? st.since() : null);
    }
}
