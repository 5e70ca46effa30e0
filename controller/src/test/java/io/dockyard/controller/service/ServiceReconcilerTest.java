package io.dockyard.controller.service;

import io.dockyard.launch.Deployments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceReconcilerTest {
    private final ServiceReconciler reconciler = new ServiceReconciler();

    @Test
    void newServiceStartsDesiredCountAndCompletes() {
        ServiceWorld w = new ServiceWorld(3, 100, 200, false, false);
        assertThat(w.step(reconciler)).containsExactly(new Action.Start("d1", 3));
        assertThat(w.step(reconciler)).isEmpty();
        w.progress();
        assertThat(w.step(reconciler)).containsExactly(new Action.Rollout("d1", "COMPLETED", "ECS deployment d1 completed."));
    }

    @Test
    void stoppedTaskIsReplaced() {
        ServiceWorld w = new ServiceWorld(3, 100, 200, false, false);
        w.running("d1", 3);
        w.apply(new Action.Stop(java.util.List.of("t2"), "killed"));
        assertThat(w.step(reconciler)).contains(new Action.Start("d1", 1));
    }

    @Test
    void rollingUpdateAtMin100Max200StartsAllNewBeforeStoppingOld() {
        ServiceWorld w = new ServiceWorld(4, 100, 200, false, false);
        w.running("d1", 4);
        w.deploy("d2", "td:2");
        assertThat(w.step(reconciler)).containsExactly(new Action.Start("d2", 4));
        assertThat(w.liveOf("d1")).isEqualTo(4);
        w.progress();
        w.step(reconciler);
        assertThat(w.liveOf("d1")).isZero();
        w.step(reconciler);
        assertThat(w.deployment("d1")).isNull();
        assertThat(w.deployment("d2").rolloutState()).isEqualTo("COMPLETED");
    }

    @Test
    void rollingUpdateAtMin50Max100ReplacesHalfAtATime() {
        ServiceWorld w = new ServiceWorld(4, 50, 100, false, false);
        w.running("d1", 4);
        w.deploy("d2", "td:2");
        w.step(reconciler);
        assertThat(w.liveOf("d1")).isEqualTo(2);
        assertThat(w.liveOf("d2")).isZero();
        w.step(reconciler);
        assertThat(w.liveOf("d2")).isEqualTo(2);
    }

    @Test
    void circuitBreakerFailsAndRollsBack() {
        ServiceWorld w = new ServiceWorld(2, 100, 200, true, true);
        w.running("d1", 2);
        w.service = w.service.toBuilder().deployments(java.util.List.of(ServiceWorld.deployment("d1", "PRIMARY", "td:1", "COMPLETED", 1))).build();
        w.deploy("d2", "td:2");
        w.canRollback = true;
        w.newTasksFail = true;
        for (int i = 0; i < 10 && w.deployment("d2") != null && !"FAILED".equals(w.deployment("d2").rolloutState()); i++) {
            w.step(reconciler);
            w.progress();
        }
        assertThat(w.deployment("d2").rolloutState()).isEqualTo("FAILED");
        assertThat(w.service.primary().id()).isEqualTo("rollback-d2");
        assertThat(w.liveOf("d1")).isEqualTo(2);
    }

    @Test
    void aDeploymentAlarmInAlarmFailsTheDeploymentAndRollsItBack() {
        ServiceWorld w = new ServiceWorld(2, 100, 200, false, false);
        java.util.Map<String, Object> cfg = new java.util.HashMap<>(w.service.deploymentConfiguration());
        cfg.put("alarms", java.util.Map.of("alarmNames", java.util.List.of("cpu-high"), "enable", true, "rollback", true));
        w.service = w.service.toBuilder().deploymentConfiguration(cfg)
                .deployments(java.util.List.of(ServiceWorld.deployment("d1", "PRIMARY", "td:1", "COMPLETED", 1))).build();
        w.running("d1", 2);
        w.deploy("d2", "td:2");
        w.canRollback = true;
        w.step(reconciler);
        w.progress();
        assertThat(w.deployment("d2").rolloutState()).isEqualTo("IN_PROGRESS");
        w.firing = java.util.List.of("cpu-high");
        assertThat(w.step(reconciler)).startsWith(new Action.Rollout("d2", "FAILED", "ECS deployment alarms: cpu-high is in ALARM state."),
                new Action.Rollback("d2"));
        assertThat(w.service.primary().id()).isEqualTo("rollback-d2");
        // the alarm still fires while the bad tasks go: the rollback itself is not failed
        for (int i = 0; i < 6; i++) {
            w.step(reconciler);
            w.progress();
        }
        assertThat(w.deployment("rollback-d2").rolloutState()).isNotEqualTo("FAILED");
        assertThat(w.liveOf("d2")).isZero();
    }

    @Test
    void alarmsThatAreOffDoNotStopADeployment() {
        ServiceWorld w = new ServiceWorld(1, 100, 200, false, false);
        w.firing = java.util.List.of("cpu-high");
        w.step(reconciler);
        w.progress();
        assertThat(w.step(reconciler)).containsExactly(new Action.Rollout("d1", "COMPLETED", "ECS deployment d1 completed."));
    }

    @Test
    void failureThresholdFollowsEcs() {
        assertThat(Deployments.failureThreshold(1)).isEqualTo(3);
        assertThat(Deployments.failureThreshold(10)).isEqualTo(5);
        assertThat(Deployments.failureThreshold(1000)).isEqualTo(200);
    }

    @Test
    void protectedTasksAreNotScaledIn() {
        ServiceWorld w = new ServiceWorld(1, 100, 200, false, false);
        w.tasks.add(new TaskView("p", "d1", "RUNNING", "RUNNING", true, true, null, 1));
        w.tasks.add(new TaskView("q", "d1", "RUNNING", "RUNNING", true, false, null, 2));
        w.service = w.service.toBuilder().desiredCount(0).build();
        assertThat(w.step(reconciler)).contains(new Action.Stop(java.util.List.of("q"), "Scaling activity initiated by (deployment d1)"));
    }

    @Test
    void tasksOnDrainingInstanceAreReplacedWithinBounds() {
        ServiceWorld w = new ServiceWorld(2, 50, 100, false, false);
        w.service = w.service.toBuilder().deployments(java.util.List.of(ServiceWorld.deployment("d1", "PRIMARY", "td:1", "COMPLETED", 1))).build();
        w.tasks.add(new TaskView("a", "d1", "RUNNING", "RUNNING", true, false, null, 1, true));
        w.tasks.add(new TaskView("b", "d1", "RUNNING", "RUNNING", true, false, null, 2, false));
        var actions = w.step(reconciler);
        assertThat(actions).contains(new Action.Stop(java.util.List.of("a"), "Scaling activity initiated by (deployment d1)"));
        assertThat(actions).doesNotContain(new Action.Start("d1", 1));
        assertThat(w.step(reconciler)).contains(new Action.Start("d1", 1));
    }
}
