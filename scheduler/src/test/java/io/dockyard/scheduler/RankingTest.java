package io.dockyard.scheduler;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.dockyard.scheduler.Harness.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Ranking stages through the harness: each strategy, strategy chains, and the defaults. */
class RankingTest {

    private static Harness threeAzs() {
        return new Harness().instance("a", i -> i.az("us-east-1a")).instance("b", i -> i.az("us-east-1b"))
                .instance("c", i -> i.az("us-east-1c")).instance("d", i -> i.az("us-east-1a"));
    }

    @Test
    void binpackMemoryFillsTheFullestInstanceThatFits() {
        Harness h = new Harness().instance("c", i -> i.memory(3000)).instance("a", i -> i.memory(1000)).instance("b", i -> i.memory(2000));
        assertThat(ids(h.run(Requests.task(0, 500).count(6).binpack("memory")))).containsExactly("a", "a", "b", "b", "b", "b");
    }

    @Test
    void binpackCpuFillsTheInstanceWithLeastCpuLeft() {
        Harness h = new Harness().instance("a", i -> i.cpu(4096)).instance("b", i -> i.cpu(1024))
                .task("a", "other", new Demand(3584, 0, List.of()));
        assertThat(ids(h.run(Requests.task(256, 0).count(4).binpack("cpu")))).containsExactly("a", "a", "b", "b");
    }

    @Test
    void spreadByInstanceIdRoundRobinsOverInstances() {
        Harness h = new Harness().instance("a").instance("b").instance("c").task("a", "service:web", new Demand(0, 0, List.of()));
        assertThat(ids(h.run(Requests.task(1, 1).group("service:web").count(5).spread("instanceId")))).containsExactly("b", "c", "a", "b", "c");
        assertThat(ids(h.run(Requests.task(1, 1).group("service:web").count(2).spread("host")))).containsExactly("b", "c");
    }

    @Test
    void spreadByAvailabilityZoneBalancesZones() {
        assertThat(ids(threeAzs().run(Requests.task(1, 1).count(6).spread("attribute:ecs.availability-zone"))))
                .containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void spreadByZoneThenInstanceIsTheServiceDefault() {
        Requests r = Requests.task(1, 1).count(6).spread("attribute:ecs.availability-zone").spread("instanceId");
        assertThat(ids(threeAzs().run(r))).containsExactly("a", "b", "c", "d", "b", "c");
        PlacementRequest service = new PlacementRequest(new Demand(1, 1, List.of()), 6, "service:web", "web", List.of(),
                PlacementRequest.SERVICE_DEFAULT_STRATEGY);
        assertThat(ids(new Scheduler().place(threeAzs().snapshot(), service))).containsExactly("a", "b", "c", "d", "b", "c");
    }

    @Test
    void spreadCountsExistingTasksOfTheGroupOnly() {
        Harness h = threeAzs().task("a", "service:web", new Demand(0, 0, List.of())).task("d", "service:web", new Demand(0, 0, List.of()))
                .task("b", "service:other", new Demand(0, 0, List.of()));
        assertThat(ids(h.run(Requests.task(1, 1).group("service:web").count(3).spread("attribute:ecs.availability-zone"))))
                .containsExactly("b", "c", "b");
    }

    @Test
    void spreadOverZonesThenBinpackWithinEachZone() {
        Harness h = new Harness().instance("a", i -> i.az("us-east-1a").memory(4000)).instance("b", i -> i.az("us-east-1a").memory(1000))
                .instance("c", i -> i.az("us-east-1b").memory(3000)).instance("d", i -> i.az("us-east-1b").memory(2000));
        assertThat(ids(h.run(Requests.task(0, 500).count(6).spread("attribute:ecs.availability-zone").binpack("memory"))))
                .containsExactly("b", "d", "b", "d", "d", "a");
    }

    @Test
    void laterStrategiesOnlyBreakTies() {
        Harness h = new Harness().instance("a", i -> i.az("us-east-1a").memory(1000)).instance("b", i -> i.az("us-east-1b").memory(1000))
                .instance("c", i -> i.az("us-east-1a").memory(2000)).task("c", "family:web", new Demand(0, 0, List.of()));
        assertThat(ids(h.run(Requests.task(0, 100).binpack("memory").spread("attribute:ecs.availability-zone")))).containsExactly("b");
        assertThat(ids(h.run(Requests.task(0, 100).spread("attribute:ecs.availability-zone").binpack("memory")))).containsExactly("b");
        assertThat(ids(h.run(Requests.task(0, 100).binpack("memory")))).containsExactly("a");
    }

    @Test
    void randomIsRepeatableWithASeedAndReachesEveryInstance() {
        Harness h = new Harness().instance("a").instance("b").instance("c").instance("d");
        Requests r = Requests.task(1, 1).count(40).random().seed(99L);
        assertThat(h.run(r)).isEqualTo(h.run(r));
        assertThat(new HashSet<>(ids(h.plans.getFirst()))).containsExactlyInAnyOrder("a", "b", "c", "d");
        Set<List<String>> differentSeeds = new HashSet<>();
        for (long s = 0; s < 5; s++) differentSeeds.add(ids(h.run(r.seed(s))));
        assertThat(differentSeeds).hasSizeGreaterThan(1);
    }

    @Test
    void noStrategyMeansRandomAsRunTaskDoes() {
        Harness h = new Harness().instance("a").instance("b").instance("c");
        assertThat(new HashSet<>(ids(h.run(Requests.task(1, 1).count(30))))).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void randomBreaksOnlyTheTiesOfEarlierStrategies() {
        Harness h = new Harness().instance("a", i -> i.memory(1000)).instance("b", i -> i.memory(1000))
                .instance("c", i -> i.memory(1000)).instance("d", i -> i.memory(2000));
        Set<String> chosen = new HashSet<>();
        for (long s = 0; s < 30; s++) chosen.addAll(ids(h.run(Requests.task(0, 10).binpack("memory").random().seed(s))));
        assertThat(chosen).containsExactlyInAnyOrder("a", "b", "c");
        Set<String> inZone = new HashSet<>();
        Harness zones = threeAzs().task("b", "family:web", new Demand(0, 0, List.of())).task("c", "family:web", new Demand(0, 0, List.of()));
        for (long s = 0; s < 30; s++) inZone.addAll(ids(zones.run(Requests.task(0, 10).spread("attribute:ecs.availability-zone").random().seed(s))));
        assertThat(inZone).containsExactlyInAnyOrder("a", "d");
    }

    @Test
    void spreadTreatsInstancesWithoutTheAttributeAsOneValue() {
        Harness h = new Harness().instance("a", i -> i.attribute("rack", "r1")).instance("b").instance("c");
        assertThat(ids(h.run(Requests.task(1, 1).count(4).spread("attribute:rack")))).containsExactly("a", "b", "a", "b");
    }

    @Test
    void placingLeavesTheIndexedStateUnchangedUntilCommitted() {
        ClusterState state = ClusterState.of(threeAzs().snapshot());
        PlacementRequest r = Requests.task(100, 300).count(5).binpack("memory").build();
        Plan first = new Scheduler().place(state, r);
        assertThat(new Scheduler().place(state, r)).isEqualTo(first);
        assertThat(state.freeMemory(0)).isEqualTo(2048);
        state.commit(r, first);
        assertThat(state.freeMemory(0) + state.freeMemory(1) + state.freeMemory(2) + state.freeMemory(3)).isEqualTo(4 * 2048 - 1500);
        assertThat(state.tasksOfGroup("family:web", state.indexOf(first.placements().getFirst()))).isPositive();
    }

    @Test
    void committedPlansCountInTheNextEvaluation() {
        Harness h = threeAzs();
        Requests r = Requests.task(1, 1).group("service:web").spread("attribute:ecs.availability-zone").spread("instanceId");
        assertThat(ids(h.runAndCommit(r.count(2)))).containsExactly("a", "b");
        assertThat(ids(h.runAndCommit(r.count(2)))).containsExactly("c", "d");
        assertThat(ids(h.run(r.count(1)))).containsExactly("b");
    }

    @Test
    void theDefaultGroupIsTheFamily() {
        Harness h = new Harness().instance("a").instance("b").task("a", "family:web", new Demand(0, 0, List.of()));
        PlacementRequest noGroup = new PlacementRequest(new Demand(1, 1, List.of()), 1, null, "web",
                List.of(java.util.Map.of("type", "distinctInstance")), List.of());
        assertThat(noGroup.effectiveGroup()).isEqualTo("family:web");
        assertThat(ids(new Scheduler().place(h.snapshot(), noGroup))).containsExactly("b");
    }

    @Test
    void aSeededSchedulerRepeatsRequestsWithoutSeeds() {
        Snapshot s = threeAzs().snapshot();
        PlacementRequest r = Requests.task(1, 1).count(20).seed(null).build();
        assertThat(new Scheduler(5).place(s, r)).isEqualTo(new Scheduler(5).place(s, r));
    }
}
