package io.dockyard.controller.daemon;

import io.dockyard.controller.daemon.DaemonPlan.TaskView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonPlanTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final List<String> FOUR = List.of("i1", "i2", "i3", "i4");

    private static TaskView running(String task, String instance, String td, long seq) {
        return new TaskView(task, instance, td, "RUNNING", "RUNNING", seq);
    }

    private static DaemonPlan.Decision decide(List<String> instances, List<TaskView> tasks, Double drain, Instant readyAt) {
        return DaemonPlan.decide(false, instances, tasks, "td:2", drain, readyAt, Duration.ofMinutes(1), NOW);
    }

    @Test
    void everyInstanceWithoutATaskGetsOneAtOnce() {
        var d = decide(FOUR, List.of(running("t1", "i1", "td:2", 1)), null, null);
        assertThat(d.launchOn()).containsExactly("i2", "i3", "i4");
        assertThat(d.stops()).isEmpty();
        assertThat(d.deploymentStatus()).isEqualTo("IN_PROGRESS");
    }

    @Test
    void anUpdateReplacesDrainPercentOfTheInstancesAtATimeStoppingBeforeStarting() {
        List<TaskView> tasks = new ArrayList<>();
        for (int i = 1; i <= 4; i++) tasks.add(running("t" + i, "i" + i, "td:1", i));
        var first = decide(FOUR, tasks, 50.0, null);
        assertThat(first.stops()).containsOnlyKeys("t1", "t2");
        assertThat(first.launchOn()).isEmpty();

        // t1 and t2 stopping: nothing more until they are replaced
        tasks.set(0, new TaskView("t1", "i1", "td:1", "RUNNING", "STOPPED", 1));
        tasks.set(1, new TaskView("t2", "i2", "td:1", "RUNNING", "STOPPED", 2));
        assertThat(decide(FOUR, tasks, 50.0, null).stops()).isEmpty();
        assertThat(decide(FOUR, tasks, 50.0, null).launchOn()).isEmpty();

        // stopped: their instances get the new definition; the other two wait for room
        tasks.set(0, new TaskView("t1", "i1", "td:1", "STOPPED", "STOPPED", 1));
        tasks.set(1, new TaskView("t2", "i2", "td:1", "STOPPED", "STOPPED", 2));
        var third = decide(FOUR, tasks, 50.0, null);
        assertThat(third.launchOn()).containsExactly("i1", "i2");
        assertThat(third.stops()).isEmpty();

        tasks.add(running("n1", "i1", "td:2", 5));
        tasks.add(running("n2", "i2", "td:2", 6));
        assertThat(decide(FOUR, tasks, 50.0, null).stops()).containsOnlyKeys("t3", "t4");
    }

    @Test
    void theDeploymentIsReadyWhenEveryInstanceRunsTheTargetAndDoneAfterTheBakeTime() {
        List<TaskView> tasks = List.of(running("a", "i1", "td:2", 1), running("b", "i2", "td:2", 2));
        assertThat(decide(List.of("i1", "i2"), tasks, null, null).deploymentStatus()).isEqualTo("READY");
        assertThat(decide(List.of("i1", "i2"), tasks, null, NOW.minusSeconds(30)).deploymentStatus()).isEqualTo("READY");
        assertThat(decide(List.of("i1", "i2"), tasks, null, NOW.minusSeconds(60)).deploymentStatus()).isEqualTo("SUCCESSFUL");
    }

    @Test
    void tasksOffTheDaemonsInstancesStopAndOneTaskPerInstanceIsKept() {
        List<TaskView> tasks = List.of(running("a", "i1", "td:2", 1), running("b", "i1", "td:2", 2), running("c", "gone", "td:2", 3));
        var d = decide(List.of("i1"), tasks, null, null);
        assertThat(d.stops()).containsOnlyKeys("a", "c");
    }

    @Test
    void aDeletedDaemonStopsEverythingAndGoesWhenAllStopped() {
        var d = DaemonPlan.decide(true, FOUR, List.of(running("a", "i1", "td:2", 1)), "td:2", null, null, Duration.ZERO, NOW);
        assertThat(d.stops()).containsOnlyKeys("a");
        assertThat(d.gone()).isFalse();
        var gone = DaemonPlan.decide(true, FOUR, List.of(new TaskView("a", "i1", "td:2", "STOPPED", "STOPPED", 1)), "td:2", null, null, Duration.ZERO, NOW);
        assertThat(gone.gone()).isTrue();
    }
}
