package io.dockyard.scheduler;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dockyard.scheduler.Harness.failures;
import static org.assertj.core.api.Assertions.assertThat;

/** Optimistic concurrency: a plan made on an old snapshot is checked against the current one. */
class PlanCheckerTest {

    @Test
    void aPlanThatStillFitsIsAcceptedWhole() {
        Harness h = new Harness().instance("a").instance("b");
        Requests r = Requests.task(256, 512).count(4).spread("instanceId");
        Plan plan = h.run(r);
        PlanCheck check = PlanChecker.check(h.snapshot(), r.build(), plan);
        assertThat(check.fullyAccepted()).isTrue();
        assertThat(check.accepted()).isEqualTo(plan.placements());
    }

    @Test
    void aStalePlanIsRejectedWhereTheClusterMovedOn() {
        Harness h = new Harness().instance("a", i -> i.memory(1024)).instance("b", i -> i.memory(1024)).instance("c");
        Requests r = Requests.task(0, 512).count(4).group("service:web").distinctInstance().spread("instanceId");
        Plan stale = h.run(r.count(3));
        assertThat(Harness.ids(stale)).containsExactly("a", "b", "c");
        h.task("a", "service:other", new Demand(0, 768, List.of()))
                .task("b", "service:web", new Demand(0, 0, List.of()));
        PlanCheck check = PlanChecker.check(h.snapshot(), r.build(), stale);
        assertThat(check.fullyAccepted()).isFalse();
        assertThat(Harness.ids(new Plan(check.accepted(), List.of()))).containsExactly("c");
        assertThat(failures(new Plan(List.of(), check.rejected()))).containsExactly("a=RESOURCE:MEMORY", "b=DISTINCT_INSTANCE");
    }

    @Test
    void placementsOfTheSamePlanCountAgainstEachOther() {
        Harness h = new Harness().instance("a", i -> i.memory(1000));
        Requests r = Requests.task(0, 400);
        Plan tooMuch = new Plan(List.of(TestingInstance.arn("a"), TestingInstance.arn("a"), TestingInstance.arn("a")), List.of());
        PlanCheck check = PlanChecker.check(h.snapshot(), r.build(), tooMuch);
        assertThat(check.accepted()).hasSize(2);
        assertThat(failures(new Plan(List.of(), check.rejected()))).containsExactly("a=RESOURCE:MEMORY");
    }

    @Test
    void goneDrainingOrDisconnectedInstancesAreRejected() {
        Harness h = new Harness().instance("a", i -> i.status("DRAINING")).instance("b", TestingInstance::disconnected);
        Plan plan = new Plan(List.of(TestingInstance.arn("a"), TestingInstance.arn("b"), TestingInstance.arn("gone")), List.of());
        PlanCheck check = PlanChecker.check(h.snapshot(), Requests.task(1, 1).build(), plan);
        assertThat(check.accepted()).isEmpty();
        assertThat(failures(new Plan(List.of(), check.rejected()))).containsExactly("a=INACTIVE", "b=AGENT", "gone=MISSING");
        assertThat(check.rejected().getFirst().detail()).isEqualTo("The container instance is DRAINING.");
    }

    @Test
    void theIndexedStateIsLeftUnchanged() {
        ClusterState state = ClusterState.of(new Harness().instance("a").snapshot());
        Plan plan = new Plan(List.of(TestingInstance.arn("a")), List.of());
        PlanChecker.check(state, Requests.task(100, 100).build(), plan);
        assertThat(state.freeMemory(0)).isEqualTo(2048);
        assertThat(state.freeCpu(0)).isEqualTo(1024);
    }
}
