package io.dockyard.launch;

import io.dockyard.core.Arns;
import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.scheduler.ClusterState;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The placement states kept from the change feed against the oracle they replace: after every step of a random history
 * (instances joining, draining, leaving, changing attributes; tasks placed, started, stopped, deleted, with host ports
 * and groups), what the kept state says of each instance equals a state built from scratch from the store.
 */
class PlacementStatesTest {
    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");
    private static final Arns ARNS = Arns.of("us-east-1", "000000000000");
    private static final String CLUSTER_ARN = ARNS.cluster("c1");
    private static final List<String> GROUPS = List.of("service:web", "service:api", "family:job");
    private static final List<String> PORTS = List.of("80/tcp", "8080/tcp", "53/udp");

    @Test
    void theKeptStateMatchesOneBuiltFromTheStoreAfterEveryStep() {
        for (long seed = 1; seed <= 30; seed++) history(new Random(seed), seed);
    }

    private void history(Random random, long seed) {
        Store store = new CachedStore(new MemoryJournal());
        store.put(Kinds.CLUSTER, new Cluster(CLUSTER_ARN, "c1", "ACTIVE", List.of(), null, List.of(), List.of(), null, List.of(), T0));
        List<TaskDefinition> definitions = List.of(definition("small", 128, 256, null), definition("web", 256, 512, 80), definition("alt", 512, 128, 8080));
        definitions.forEach(d -> store.put(Kinds.TASK_DEFINITION, d));
        PlacementStates states = new PlacementStates(store);
        List<String> instances = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        for (int step = 0; step < 120; step++) {
            int op = random.nextInt(10);
            if (op == 0 || instances.isEmpty()) instances.add(join(store, "i" + step, random).arn());
            else if (op == 1) updateInstance(store, pick(random, instances), random);
            else if (op <= 5) tasks.add(place(store, pick(random, instances), pick(random, definitions), random).taskArn());
            else if (!tasks.isEmpty()) updateTask(store, pick(random, tasks), random);
            for (String provider : new String[] {null, "p1"}) {
                Map<String, String> kept = states.with(CLUSTER_ARN, provider, PlacementStatesTest::describe);
                Map<String, String> built = describe(fresh(store, provider));
                assertThat(kept).as("seed %d step %d provider %s", seed, step, provider).isEqualTo(built);
            }
        }
    }

    private static ClusterState fresh(Store store, String provider) {
        var snapshot = Clusters.snapshot(store, CLUSTER_ARN);
        List<ContainerInstance> mine = snapshot.instances().stream().filter(i -> provider == null || provider.equals(i.capacityProviderName())).toList();
        return ClusterState.of(new io.dockyard.scheduler.Snapshot(mine, snapshot.tasks()));
    }

    /** What placement reads of each instance, by ARN. */
    private static Map<String, String> describe(ClusterState s) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < s.size(); i++) {
            StringBuilder b = new StringBuilder(s.instance(i).status() + " cpu=" + s.freeCpu(i) + "/" + s.cpu(i) + " mem=" + s.freeMemory(i) + "/" + s.memory(i));
            for (String p : PORTS) b.append(' ').append(p).append(s.portFree(i, p) ? "-free" : "-taken");
            for (String g : GROUPS) b.append(' ').append(g).append('=').append(s.tasksOfGroup(g, i));
            b.append(" attrs=").append(s.instance(i).attributes());
            out.put(s.instance(i).arn(), b.toString());
        }
        return out;
    }

    private static <T> T pick(Random random, List<T> list) { return list.get(random.nextInt(list.size())); }

    private static TaskDefinition definition(String family, int cpu, int memory, Integer hostPort) {
        Map<String, Object> container = new java.util.HashMap<>(Map.of("name", "app", "image", "busybox", "cpu", cpu, "memory", memory));
        if (hostPort != null) container.put("portMappings", List.of(Map.of("containerPort", hostPort, "hostPort", hostPort)));
        Map<String, Object> doc = Map.of("family", family, "networkMode", "bridge", "containerDefinitions", List.of(container));
        return new TaskDefinition(ARNS.taskDefinition(family, 1), family, 1, "ACTIVE", doc, List.of("EC2"), List.of(), T0, null, null, List.of(), false);
    }

    private static ContainerInstance join(Store store, String id, Random random) {
        List<Resource> resources = new ArrayList<>(List.of(Resource.integer("CPU", 1024 * (1 + random.nextInt(4))), Resource.integer("MEMORY", 2048)));
        if (random.nextBoolean()) resources.add(Resource.stringSet("PORTS", List.of("22", "80")));
        ContainerInstance i = new ContainerInstance(ARNS.containerInstance("c1", id), CLUSTER_ARN, "i-" + id, "ACTIVE", null, true, resources,
                List.of(Attribute.of("zone", "z" + random.nextInt(2))), Map.of(), List.of(), random.nextBoolean() ? "p1" : null, T0, T0, null, 1);
        store.put(Kinds.CONTAINER_INSTANCE, i);
        return i;
    }

    private static void updateInstance(Store store, String arn, Random random) {
        ContainerInstance i = store.get(Kinds.CONTAINER_INSTANCE, arn).orElseThrow();
        ContainerInstance changed = switch (random.nextInt(5)) {
            case 0 -> with(i, "DRAINING", i.attributes(), i.agentConnected());
            case 1 -> with(i, "ACTIVE", i.attributes(), i.agentConnected());
            case 2 -> with(i, "INACTIVE", i.attributes(), i.agentConnected());
            case 3 -> with(i, i.status(), List.of(Attribute.of("zone", "z" + random.nextInt(3))), i.agentConnected());
            default -> with(i, i.status(), i.attributes(), !i.agentConnected()); // a heartbeat's change
        };
        store.put(Kinds.CONTAINER_INSTANCE, changed);
    }

    private static ContainerInstance with(ContainerInstance i, String status, List<Attribute> attributes, boolean connected) {
        return new ContainerInstance(i.arn(), i.clusterArn(), i.ec2InstanceId(), status, i.statusReason(), connected, i.registeredResources(),
                attributes, i.versionInfo(), i.tags(), i.capacityProviderName(), i.registeredAt(), i.lastHeartbeatAt(), i.agentEndpoint(), i.version() + 1);
    }

    private static Task place(Store store, String instanceArn, TaskDefinition td, Random random) {
        ContainerInstance i = store.get(Kinds.CONTAINER_INSTANCE, instanceArn).orElseThrow();
        Cluster cluster = store.get(Kinds.CLUSTER, "c1").orElseThrow();
        LaunchRequest r = new LaunchRequest(cluster, td, new LaunchRequest.Scheduled(1, List.of(), List.of()), "EC2", null, null, null,
                pick(random, GROUPS), "me", List.of(), null, false, null);
        Task t = NewTasks.create(r, i, "us-east-1a", T0);
        store.put(Kinds.TASK, t);
        return t;
    }

    private static void updateTask(Store store, String arn, Random random) {
        Task t = store.get(Kinds.TASK, arn).orElse(null);
        if (t == null) return;
        switch (random.nextInt(4)) {
            case 0 -> store.put(Kinds.TASK, t.toBuilder().lastStatus("RUNNING").version(t.version() + 1).build());
            case 1 -> store.put(Kinds.TASK, t.toBuilder().lastStatus("STOPPED").desiredStatus("STOPPED").version(t.version() + 1).build());
            case 2 -> store.delete(Kinds.TASK, arn);
            default -> store.put(Kinds.TASK, t.toBuilder().group(pick(random, GROUPS)).version(t.version() + 1).build());
        }
    }
}
