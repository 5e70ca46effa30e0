package io.dockyard.controller.service;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/** Rolling deployments: never below minimumHealthyPercent, never above maximumPercent, always converge. */
class ServiceReconcilerProperties {
    private final ServiceReconciler reconciler = new ServiceReconciler();

    @Property(tries = 300)
    void rollingDeploymentKeepsBoundsAndConverges(@ForAll @IntRange(min = 1, max = 30) int desired,
                                                  @ForAll @IntRange(min = 0, max = 100) int minPercent,
                                                  @ForAll @IntRange(min = 100, max = 200) int maxPercent,
                                                  @ForAll @IntRange(min = 0, max = 3) int progressEvery) {
        int minHealthy = (desired * minPercent + 99) / 100;
        int maxTotal = Math.max(desired, desired * maxPercent / 100);
        boolean stuck = maxTotal == desired && minHealthy == desired;
        ServiceWorld w = new ServiceWorld(desired, minPercent, maxPercent, false, false);
        w.running("d1", desired);
        w.deploy("d2", "td:2");
        for (int step = 0; step < 200; step++) {
            w.step(reconciler);
            assertThat(w.live()).as("live tasks at step %d", step).isLessThanOrEqualTo(maxTotal);
            assertThat(w.healthy()).as("healthy tasks at step %d", step).isGreaterThanOrEqualTo(minHealthy);
            if (progressEvery == 0 || step % (progressEvery + 1) == 0) w.progress();
            if (w.deployment("d1") == null && "COMPLETED".equals(w.deployment("d2").rolloutState())) break;
        }
        if (!stuck) {
            assertThat(w.deployment("d1")).as("old deployment retired").isNull();
            assertThat(w.deployment("d2").rolloutState()).isEqualTo("COMPLETED");
            assertThat(w.liveOf("d2")).isEqualTo(desired);
        }
    }

    @Property(tries = 200)
    void scalingConvergesToDesired(@ForAll @IntRange(min = 0, max = 40) int from, @ForAll @IntRange(min = 0, max = 40) int to) {
        ServiceWorld w = new ServiceWorld(from, 100, 200, false, false);
        w.running("d1", from);
        w.service = w.service.toBuilder().desiredCount(to).build();
        for (int step = 0; step < 10; step++) {
            w.step(reconciler);
            w.progress();
        }
        assertThat(w.liveOf("d1")).isEqualTo(to);
        assertThat(w.healthy()).isEqualTo(to);
    }
}
