package io.dockyard.scheduler;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of placement over generated clusters, checked against the naive {@link Oracle}. */
class SchedulerProperties {

    record InstanceSpec(long cpu, long memory, String az, String type, String status, boolean connected, Set<String> tcp, Set<String> udp) {}

    record TaskSpec(int instance, String group, long cpu, long memory, Set<String> ports, boolean running) {}

    record RequestSpec(long cpu, long memory, Set<String> ports, int count, String group, boolean distinct,
                       List<String> memberOf, List<Map<String, Object>> strategy, long seed) {
        PlacementRequest build() {
            List<Map<String, Object>> constraints = new ArrayList<>();
            if (distinct) constraints.add(Map.of("type", "distinctInstance"));
            for (String e : memberOf) constraints.add(Map.of("type", "memberOf", "expression", e));
            return new PlacementRequest(new Demand(cpu, memory, List.copyOf(ports)), count, group, "x", constraints, strategy, seed);
        }
    }

    record Scenario(List<InstanceSpec> instances, List<TaskSpec> tasks, RequestSpec request) {
        Snapshot snapshot() {
            List<ContainerInstance> list = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                InstanceSpec s = instances.get(i);
                TestingInstance t = new TestingInstance("i" + i).cpu(s.cpu).memory(s.memory).az(s.az).type(s.type).status(s.status)
                        .reservedTcp(s.tcp.toArray(String[]::new)).reservedUdp(s.udp.toArray(String[]::new));
                list.add((s.connected ? t : t.disconnected()).build());
            }
            List<Snapshot.Placed> placed = new ArrayList<>();
            int n = 0;
            for (TaskSpec t : list.isEmpty() ? List.<TaskSpec>of() : tasks) {
                Task task = new Task.Builder().taskArn("t" + (n++)).containerInstanceArn(list.get(t.instance % list.size()).arn())
                        .group(t.group).lastStatus(t.running ? "RUNNING" : "PENDING").build();
                placed.add(new Snapshot.Placed(task, new Demand(t.cpu, t.memory, List.copyOf(t.ports))));
            }
            return new Snapshot(list, placed);
        }
    }

    private static final List<Map<String, Object>> STRATEGIES = List.of(
            Map.of("type", "binpack", "field", "memory"), Map.of("type", "binpack", "field", "cpu"),
            Map.of("type", "spread", "field", "instanceId"), Map.of("type", "spread", "field", "attribute:ecs.availability-zone"),
            Map.of("type", "spread", "field", "attribute:ecs.instance-type"), Map.of("type", "random"));

    @Provide
    Arbitrary<Scenario> scenarios() { return scenarios(STRATEGIES, 0); }

    @Provide
    Arbitrary<Scenario> deterministicScenarios() { return scenarios(STRATEGIES.subList(0, 5), 1); }

    private Arbitrary<Scenario> scenarios(List<Map<String, Object>> strategies, int minStrategies) {
        Arbitrary<InstanceSpec> instance = Combinators.combine(
                Arbitraries.longs().between(0, 4096), Arbitraries.longs().between(0, 8192),
                Arbitraries.of("us-east-1a", "us-east-1b", "us-east-1c"), Arbitraries.of("t2.micro", "m5.large", "g2.2xlarge"),
                Arbitraries.frequency(Tuple.of(9, "ACTIVE"), Tuple.of(1, "DRAINING")),
                Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false)),
                Arbitraries.subsetOf("22", "80"), Arbitraries.subsetOf("53")).as(InstanceSpec::new);
        Arbitrary<String> group = Arbitraries.of("service:web", "service:db", "family:x");
        Arbitrary<TaskSpec> task = Combinators.combine(Arbitraries.integers().between(0, 1000), group,
                Arbitraries.longs().between(0, 1024), Arbitraries.longs().between(0, 2048),
                Arbitraries.subsetOf("80/tcp", "53/udp"), Arbitraries.of(true, false)).as(TaskSpec::new);
        Arbitrary<RequestSpec> request = Combinators.combine(Arbitraries.longs().between(0, 1024), Arbitraries.longs().between(0, 2048),
                Arbitraries.subsetOf("80/tcp", "53/udp", "8080/tcp"), Arbitraries.integers().between(1, 20), group,
                Arbitraries.of(true, false),
                Arbitraries.of("attribute:ecs.availability-zone != us-east-1c", "attribute:ecs.instance-type =~ t2.*",
                        "not(task:group == service:db)", "task:group != service:web or attribute:ecs.instance-type == m5.large",
                        "runningTasksCount < 3").list().ofMaxSize(2),
                Arbitraries.of(strategies).list().ofMinSize(minStrategies).ofMaxSize(3)).as((c, m, p, n, g, d, e, s) -> new RequestSpec(c, m, p, n, g, d, e, s, 0))
                .flatMap(r -> Arbitraries.longs().map(seed -> new RequestSpec(r.cpu, r.memory, r.ports, r.count, r.group, r.distinct, r.memberOf, r.strategy, seed)));
        return Combinators.combine(instance.list().ofMaxSize(12), task.list().ofMaxSize(15), request).as(Scenario::new);
    }

    @Property(tries = 300)
    void placementsBreakNoRuleAndStopOnlyWhenNothingFits(@ForAll("scenarios") Scenario s) {
        Snapshot snapshot = s.snapshot();
        PlacementRequest r = s.request.build();
        Plan plan = new Scheduler().place(snapshot, r);
        Oracle oracle = new Oracle(snapshot);
        boolean anyActive = false;
        for (int i = 0; i < oracle.size(); i++) anyActive |= oracle.active(i);
        if (!anyActive) {
            assertThat(plan.hasNoContainerInstances()).isTrue();
            return;
        }
        for (String arn : plan.placements()) {
            int i = oracle.indexOf(arn);
            assertThat(oracle.active(i)).isTrue();
            assertThat(oracle.refusal(i, r)).as("placement on %s", arn).isNull();
            oracle.add(i, r);
        }
        if (plan.placements().size() == r.count()) {
            assertThat(plan.failures()).isEmpty();
            return;
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < oracle.size(); i++) {
            if (!oracle.active(i)) continue;
            String reason = oracle.refusal(i, r);
            assertThat(reason).as("instance %d could take one more task", i).isNotNull();
            expected.add(snapshot.instances().get(i).arn() + "=" + reason);
        }
        assertThat(plan.failures()).extracting(f -> f.arn() + "=" + f.reason()).containsExactlyElementsOf(expected);
    }

    @Property(tries = 300)
    void theIndexedSelectorChoosesWhatAFullScanChooses(@ForAll("deterministicScenarios") Scenario s) {
        Snapshot snapshot = s.snapshot();
        PlacementRequest r = s.request.build();
        Plan plan = new Scheduler().place(snapshot, r);
        if (plan.hasNoContainerInstances()) return;
        assertThat(plan.placements()).isEqualTo(new Oracle(snapshot).place(r));
    }

    @Property(tries = 100)
    void placingIsRepeatableAndLeavesTheStateUnchanged(@ForAll("scenarios") Scenario s) {
        ClusterState state = ClusterState.of(s.snapshot());
        long[] before = new long[state.size() * 2];
        for (int i = 0; i < state.size(); i++) {
            before[2 * i] = state.freeCpu(i);
            before[2 * i + 1] = state.freeMemory(i);
        }
        Plan first = new Scheduler().place(state, s.request.build());
        assertThat(new Scheduler().place(state, s.request.build())).isEqualTo(first);
        for (int i = 0; i < state.size(); i++) {
            assertThat(state.freeCpu(i)).isEqualTo(before[2 * i]);
            assertThat(state.freeMemory(i)).isEqualTo(before[2 * i + 1]);
        }
        assertThat(PlanChecker.check(state, s.request.build(), first).fullyAccepted()).isTrue();
    }

    @Property(tries = 200)
    void spreadKeepsZoneCountsWithinOneWhenCapacityAllows(@ForAll @Size(min = 3, max = 12) List<@IntRange(min = 0, max = 2) Integer> zones,
                                                          @ForAll @IntRange(min = 1, max = 60) int count, @ForAll boolean distinct) {
        Harness h = new Harness();
        for (int z = 0; z < 3; z++) zones.set(z, z);
        for (int i = 0; i < zones.size(); i++) {
            String az = "us-east-1" + "abc".charAt(zones.get(i));
            h.instance("i" + i, t -> t.az(az).cpu(100_000).memory(100_000));
        }
        int n = distinct ? Math.min(count, zones.size()) : count;
        Requests r = Requests.task(10, 10).count(n).spread("attribute:ecs.availability-zone");
        if (distinct) r.distinctInstance();
        Plan plan = h.run(r);
        assertThat(plan.placements()).hasSize(n);
        Map<Integer, Integer> perZone = new HashMap<>(Map.of(0, 0, 1, 0, 2, 0));
        for (String id : Harness.ids(plan)) perZone.merge(zones.get(Integer.parseInt(id.substring(1))), 1, Integer::sum);
        long smallestZone = java.util.stream.IntStream.range(0, 3).mapToLong(z -> zones.stream().filter(v -> v == z).count()).min().getAsLong();
        if (distinct && n > 3 * smallestZone) return;
        assertThat(perZone.values().stream().mapToInt(Integer::intValue).max().getAsInt()
                - perZone.values().stream().mapToInt(Integer::intValue).min().getAsInt()).isLessThanOrEqualTo(1);
    }

    @Property(tries = 200)
    void binpackNeverOpensAnInstanceWhileAUsedOneFits(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 1024) Integer> sizes,
                                                      @ForAll @IntRange(min = 1, max = 30) int perService) {
        long capacity = 2048;
        Harness fixture = new Harness();
        for (int i = 0; i < 200; i++) fixture.instance("i" + i, t -> t.memory(capacity).cpu(1_000_000));
        ClusterState state = ClusterState.of(fixture.snapshot());
        Set<Integer> used = new java.util.HashSet<>();
        long total = 0;
        Scheduler scheduler = new Scheduler();
        for (int k = 0; k < sizes.size(); k++) {
            PlacementRequest r = Requests.task(1, sizes.get(k)).group("service:s" + k).count(perService).binpack("memory").build();
            Plan plan = scheduler.place(state, r);
            assertThat(plan.placements()).hasSize(perService);
            for (String arn : plan.placements()) {
                int i = state.indexOf(arn);
                if (!used.contains(i)) {
                    for (int j : used) assertThat(state.freeMemory(j)).as("used instance %d had room", j).isLessThan(sizes.get(k));
                    used.add(i);
                }
                state.commit(r, new Plan(List.of(arn), List.of()));
                total += sizes.get(k);
            }
        }
        long lowerBound = (total + capacity - 1) / capacity;
        assertThat((long) used.size()).isLessThanOrEqualTo(2 * lowerBound);
    }

    @Property(tries = 100)
    void binpackIsOptimalForEqualTasksOnEqualInstances(@ForAll @IntRange(min = 1, max = 2048) int size, @ForAll @IntRange(min = 1, max = 200) int count) {
        Harness h = new Harness();
        for (int i = 0; i < 200; i++) h.instance("i" + i, t -> t.memory(2048).cpu(1_000_000));
        Plan plan = h.run(Requests.task(0, size).count(count).binpack("memory"));
        int perInstance = 2048 / size;
        assertThat(Set.copyOf(plan.placements())).hasSize(Math.min(200, (count + perInstance - 1) / perInstance));
    }
}
