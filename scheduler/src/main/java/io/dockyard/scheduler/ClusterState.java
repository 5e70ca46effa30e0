package io.dockyard.scheduler;

import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;
import io.dockyard.scheduler.query.QuerySubject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster indexed for placement: per instance its registered and used CPU and memory, the host
 * ports taken (reserved PORTS / PORTS_UDP and those of its tasks) and how many tasks of each group
 * it holds. Built once from a {@link Snapshot}; {@link #commit} records a plan so the next request
 * sees it. Not thread-safe: one owner at a time. {@link Scheduler#place(ClusterState, PlacementRequest)}
 * leaves it as it found it.
 */
public final class ClusterState {
    private final ContainerInstance[] instances;
    private final Map<String, Integer> index = new HashMap<>();
    private final long[] cpu, memory, cpuUsed, memoryUsed;
    private final Map<String, Integer>[] ports; // host port -> how many hold it (a reservation counts once)
    private final int[] running;
    private final List<Map<String, String>> attributes = new ArrayList<>();
    private final Map<String, int[]> groups = new HashMap<>();
    private final Map<String, AttributeClasses> classes = new HashMap<>();

    @SuppressWarnings("unchecked")
    private ClusterState(List<ContainerInstance> list) {
        int n = list.size();
        instances = list.toArray(ContainerInstance[]::new);
        cpu = new long[n];
        memory = new long[n];
        cpuUsed = new long[n];
        memoryUsed = new long[n];
        running = new int[n];
        ports = new Map[n];
        for (int i = 0; i < n; i++) {
            ContainerInstance ci = instances[i];
            index.put(ci.arn(), i);
            List<Resource> resources = ci.registeredResources() == null ? List.of() : ci.registeredResources();
            for (Resource r : resources) {
                switch (r.name()) {
                    case "CPU" -> cpu[i] = r.integerValue();
                    case "MEMORY" -> memory[i] = r.integerValue();
                    case "PORTS" -> reserve(i, r.stringSetValue(), "tcp");
                    case "PORTS_UDP" -> reserve(i, r.stringSetValue(), "udp");
                    default -> { }
                }
            }
            Map<String, String> attrs = new HashMap<>();
            if (ci.attributes() != null) for (Attribute a : ci.attributes()) attrs.put(a.name(), a.value());
            attributes.add(attrs);
        }
    }

    /** Indexes a snapshot: its instances and the resources its tasks hold. */
    public static ClusterState of(Snapshot snapshot) {
        ClusterState s = new ClusterState(snapshot.instances());
        for (Snapshot.Placed p : snapshot.tasks()) {
            Integer i = p.task().containerInstanceArn() == null ? null : s.index.get(p.task().containerInstanceArn());
            if (i == null) continue;
            s.add(i, Ports.normalize(p.demand()), p.task().group());
            if ("RUNNING".equals(p.task().lastStatus())) s.running[i]++;
        }
        return s;
    }

    /** Records a plan computed for {@code request}: its placements now hold resources. */
    public void commit(PlacementRequest request, Plan plan) {
        Demand d = Ports.normalize(request.demand());
        for (String arn : plan.placements()) {
            int i = indexOf(arn);
            if (i < 0) throw new IllegalArgumentException("unknown container instance " + arn);
            add(i, d, request.effectiveGroup());
        }
    }

    /** How many instances the cluster has. */
    public int size() { return instances.length; }

    /** The instance at index i. */
    public ContainerInstance instance(int i) { return instances[i]; }

    /** The index of an instance ARN, or -1. */
    public int indexOf(String arn) {
        Integer i = index.get(arn);
        return i == null ? -1 : i;
    }

    /** Registered CPU units not held by tasks. */
    public long freeCpu(int i) { return cpu[i] - cpuUsed[i]; }

    /** Registered memory (MiB) not held by tasks. */
    public long freeMemory(int i) { return memory[i] - memoryUsed[i]; }

    /** Registered CPU units. */
    public long cpu(int i) { return cpu[i]; }

    /** Registered memory (MiB). */
    public long memory(int i) { return memory[i]; }

    /** Whether a normalized host port ("80/tcp") is neither reserved nor used on instance i. */
    public boolean portFree(int i, String port) { return ports[i] == null || !ports[i].containsKey(port); }

    /** How many tasks of a group hold resources on instance i. */
    public int tasksOfGroup(String group, int i) {
        int[] g = groups.get(group);
        return g == null ? 0 : g[i];
    }

    /** The live per-instance task counts of a group (created empty when the group has no task). */
    int[] groupCounts(String group) {
        return groups.computeIfAbsent(group, k -> new int[instances.length]);
    }

    /** The instances grouped by the value of one attribute (computed once, attributes do not change here). */
    AttributeClasses attributeClasses(String name) {
        return classes.computeIfAbsent(name, n -> AttributeClasses.of(attributes, n));
    }

    /** What expressions see of instance i. */
    QuerySubject subject(int i) { return new View(i); }

    void add(int i, Demand d, String group) {
        cpuUsed[i] += d.cpu();
        memoryUsed[i] += d.memory();
        for (String p : d.hostPorts()) take(i, p);
        if (group != null) groupCounts(group)[i]++;
    }

    void remove(int i, Demand d, String group) {
        cpuUsed[i] -= d.cpu();
        memoryUsed[i] -= d.memory();
        for (String p : d.hostPorts()) ports[i].computeIfPresent(p, (k, n) -> n == 1 ? null : n - 1);
        if (group != null) groups.get(group)[i]--;
    }

    private void take(int i, String port) {
        if (ports[i] == null) ports[i] = new HashMap<>();
        ports[i].merge(port, 1, Integer::sum);
    }

    // ---- kept up to date: a state that lives on, told of each task and instance change (see the launch module)

    /**
     * A task holds {@code demand} (ports not yet normalized) on an instance; false when the instance is not in this state.
     * {@link #release} with the same arguments takes it back.
     */
    public boolean hold(String instanceArn, Demand demand, String group, boolean running) {
        int i = indexOf(instanceArn);
        if (i < 0) return false;
        add(i, Ports.normalize(demand), group);
        if (running) this.running[i]++;
        return true;
    }

    /** Takes back what {@link #hold} recorded. */
    public void release(String instanceArn, Demand demand, String group, boolean running) {
        int i = indexOf(instanceArn);
        if (i < 0) return;
        remove(i, Ports.normalize(demand), group);
        if (running) this.running[i]--;
    }

    /**
     * Takes a newer record of an instance this state holds when what placement reads of it for capacity is unchanged
     * (cluster, registered resources, attributes, and not INACTIVE); false when it is not here or that changed (then the
     * state must be built again).
     */
    public boolean refresh(ContainerInstance updated) {
        int i = indexOf(updated.arn());
        if (i < 0 || "INACTIVE".equals(updated.status())) return false;
        ContainerInstance old = instances[i];
        if (!java.util.Objects.equals(old.clusterArn(), updated.clusterArn())
                || !java.util.Objects.equals(old.registeredResources(), updated.registeredResources())
                || !java.util.Objects.equals(old.attributes(), updated.attributes())) return false;
        instances[i] = updated;
        return true;
    }

    private void reserve(int i, List<String> values, String protocol) {
        if (values == null) return;
        for (String v : values) {
            String p = Ports.normalize(v, protocol);
            if (p == null) continue;
            take(i, p);
        }
    }

    /** Instance i as the cluster query language sees it. */
    private final class View implements QuerySubject {
        private final int i;

        View(int i) { this.i = i; }

        @Override public String attribute(String name) { return attributes.get(i).get(name); }
        @Override public boolean hasAttribute(String name) { return attributes.get(i).containsKey(name); }
        @Override public String ec2InstanceId() { return instances[i].ec2InstanceId(); }
        @Override public boolean agentConnected() { return instances[i].agentConnected(); }

        @Override
        public String agentVersion() {
            Map<String, Object> v = instances[i].versionInfo();
            Object version = v == null ? null : v.get("agentVersion");
            return version == null ? null : version.toString();
        }

        @Override public Instant registeredAt() { return instances[i].registeredAt(); }
        @Override public long runningTasksCount() { return running[i]; }
        @Override public boolean hasTaskGroup(String group) { return tasksOfGroup(group, i) > 0; }

        @Override
        public Collection<String> taskGroups() {
            List<String> out = new ArrayList<>();
            groups.forEach((g, counts) -> { if (counts[i] > 0) out.add(g); });
            return out;
        }
    }
}
