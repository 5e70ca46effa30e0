package io.dockyard.bench;

import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;
import io.dockyard.core.model.Task;
import io.dockyard.scheduler.ClusterState;
import io.dockyard.scheduler.Demand;
import io.dockyard.scheduler.PlacementRequest;
import io.dockyard.scheduler.Plan;
import io.dockyard.scheduler.Scheduler;
import io.dockyard.scheduler.Snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * C1M: place services × tasks (default 1,000 × 1,000 = 1,000,000 tasks of mixed sizes) on
 * simulated container instances (default 10,000 in 3 Availability Zones), once with binpack on
 * memory and once with spread over zones plus distinctInstance per service. Each service is one
 * request; its plan is committed before the next, as the controller does.
 * Finally it times indexing a snapshot that holds every placed task (what a caller that rebuilds
 * the index per request pays). Arguments: [instances] [services] [tasksPerService] [binpack|spread|both].
 */
public final class C1M {
    static final long CPU = 16_384, MEMORY = 32_768;
    static final long[][] SIZES = {{32, 64}, {64, 128}, {128, 256}, {256, 512}, {64, 256}, {128, 512}, {256, 256}, {32, 128}};
    static final String[] ZONES = {"us-east-1a", "us-east-1b", "us-east-1c"};

    public static void main(String[] args) {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int services = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        String which = args.length > 3 ? args[3] : "both";
        Snapshot snapshot = new Snapshot(instances(instances), List.of());
        System.out.printf("C1M: %,d services x %,d tasks on %,d instances (%d cpu units, %d MiB each), %d cores, load %s%n",
                services, tasks, instances, CPU, MEMORY, Runtime.getRuntime().availableProcessors(), Load.now());
        List<Snapshot.Placed> placed = new ArrayList<>();
        if (!which.equals("spread")) run("binpack memory", snapshot, services, tasks, false, placed);
        if (!which.equals("binpack")) run("spread AZ + distinctInstance", snapshot, services, tasks, true, which.equals("spread") ? placed : null);
        reindex(snapshot, placed);
    }

    static List<ContainerInstance> instances(int n) {
        List<ContainerInstance> out = new ArrayList<>(n);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            String arn = "arn:aws:ecs:us-east-1:123456789012:container-instance/c1m/" + i;
            out.add(new ContainerInstance(arn, "arn:aws:ecs:us-east-1:123456789012:cluster/c1m", "i-" + i, "ACTIVE", null, true,
                    List.of(Resource.integer("CPU", CPU), Resource.integer("MEMORY", MEMORY)),
                    List.of(Attribute.of("ecs.availability-zone", ZONES[i % 3]), Attribute.of("ecs.instance-type", "m5.4xlarge")),
                    Map.of("agentVersion", "1.80.0"), List.of(), null, at, at, null, 1));
        }
        return out;
    }

    static PlacementRequest request(int service, int tasks, boolean spread) {
        long[] size = SIZES[new SplittableRandom(service).nextInt(SIZES.length)];
        List<Map<String, Object>> constraints = spread ? List.of(Map.of("type", "distinctInstance")) : List.of();
        List<Map<String, Object>> strategy = spread
                ? List.of(Map.of("type", "spread", "field", "attribute:ecs.availability-zone"))
                : List.of(Map.of("type", "binpack", "field", "memory"));
        return new PlacementRequest(new Demand(size[0], size[1], List.of()), tasks, "service:s" + service, "s" + service, constraints, strategy, (long) service);
    }

    static void run(String name, Snapshot snapshot, int services, int tasks, boolean spread, List<Snapshot.Placed> keepInto) {
        System.gc();
        long t0 = System.nanoTime();
        ClusterState state = ClusterState.of(snapshot);
        long t1 = System.nanoTime();
        Scheduler scheduler = new Scheduler(1);
        long placed = 0, failed = 0, cpu = 0, memory = 0, unbalanced = 0;
        for (int s = 0; s < services; s++) {
            PlacementRequest r = request(s, tasks, spread);
            Plan plan = scheduler.place(state, r);
            state.commit(r, plan);
            placed += plan.placements().size();
            failed += r.count() - plan.placements().size();
            cpu += r.demand().cpu() * plan.placements().size();
            memory += r.demand().memory() * plan.placements().size();
            if (spread && !balanced(state, plan)) unbalanced++;
            if (keepInto != null) keep(r, plan, keepInto);
        }
        long t2 = System.nanoTime();
        Check check = Check.of(state, services, spread);
        double seconds = (t2 - t1) / 1e9;
        long lowerBound = Math.max(ceil(cpu, CPU), ceil(memory, MEMORY));
        System.out.printf("%n[%s]%n  index build   %8.3f s%n  placement     %8.3f s  (%,d placed, %,d unplaced)%n  throughput    %,.0f placements/s%n",
                name, (t1 - t0) / 1e9, seconds, placed, failed, placed / seconds);
        System.out.printf("  instances used %,d; lower bound max(ceil(cpu demand / cpu), ceil(memory demand / memory)) %,d; efficiency %.1f%% (lower bound / used)%n",
                check.used(), lowerBound, 100.0 * lowerBound / Math.max(1, check.used()));
        System.out.printf("  utilisation of the instances used: memory %.1f%%, cpu %.1f%%; instances out of cpu %,d, out of memory %,d%n",
                100.0 * memory / (check.used() * (double) MEMORY), 100.0 * cpu / (check.used() * (double) CPU), check.cpuFull(), check.memoryFull());
        System.out.printf("  checks: overcommitted instances %d, distinctInstance violations %d, services with zones apart by > 1: %d%n",
                check.overcommitted(), check.duplicates(), unbalanced);
        System.out.printf("  load after: %s%n", Load.now());
    }

    static void keep(PlacementRequest r, Plan plan, List<Snapshot.Placed> out) {
        for (String arn : plan.placements()) {
            Task t = new Task.Builder().taskArn("arn:aws:ecs:us-east-1:123456789012:task/c1m/" + out.size()).containerInstanceArn(arn)
                    .group(r.group()).lastStatus("RUNNING").desiredStatus("RUNNING").build();
            out.add(new Snapshot.Placed(t, r.demand()));
        }
    }

    static void reindex(Snapshot empty, List<Snapshot.Placed> placed) {
        if (placed.isEmpty()) return;
        Snapshot full = new Snapshot(empty.instances(), placed);
        long t0 = System.nanoTime();
        ClusterState state = ClusterState.of(full);
        long t1 = System.nanoTime();
        System.out.printf("%n[index a snapshot of %,d instances and %,d tasks] %.3f s (%d groups)%n",
                state.size(), placed.size(), (t1 - t0) / 1e9, placed.stream().map(p -> p.task().group()).distinct().count());
    }

    static boolean balanced(ClusterState state, Plan plan) {
        int[] perZone = new int[3];
        for (String arn : plan.placements()) perZone[Integer.parseInt(arn.substring(arn.lastIndexOf('/') + 1)) % 3]++;
        int max = Math.max(perZone[0], Math.max(perZone[1], perZone[2])), min = Math.min(perZone[0], Math.min(perZone[1], perZone[2]));
        return max - min <= 1;
    }

    static long ceil(long a, long b) { return (a + b - 1) / b; }
}
