package io.dockyard.scheduler;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;
import io.dockyard.core.model.Task;
import io.dockyard.scheduler.query.Expression;
import io.dockyard.scheduler.query.InstanceSubject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An independent, deliberately naive model of placement for property tests: plain lists, full
 * scans, its own resource and port bookkeeping; expressions see instances through
 * {@link InstanceSubject}. Used to check plans and as a reference scheduler.
 */
final class Oracle {
    private final List<ContainerInstance> instances;
    private final List<List<Task>> tasks = new ArrayList<>();
    private final long[] cpuLeft, memoryLeft;
    private final List<Set<String>> ports = new ArrayList<>();
    private int ids;

    Oracle(Snapshot s) {
        instances = s.instances();
        int n = instances.size();
        cpuLeft = new long[n];
        memoryLeft = new long[n];
        for (int i = 0; i < n; i++) {
            tasks.add(new ArrayList<>());
            Set<String> p = new HashSet<>();
            for (Resource r : instances.get(i).registeredResources()) {
                if (r.name().equals("CPU")) cpuLeft[i] = r.integerValue();
                if (r.name().equals("MEMORY")) memoryLeft[i] = r.integerValue();
                if (r.name().equals("PORTS")) r.stringSetValue().forEach(v -> p.add(v + "/tcp"));
                if (r.name().equals("PORTS_UDP")) r.stringSetValue().forEach(v -> p.add(v + "/udp"));
            }
            ports.add(p);
        }
        for (Snapshot.Placed t : s.tasks()) {
            int i = indexOf(t.task().containerInstanceArn());
            if (i >= 0) add(i, t.demand(), t.task());
        }
    }

    int size() { return instances.size(); }

    int indexOf(String arn) {
        for (int i = 0; i < instances.size(); i++) if (instances.get(i).arn().equals(arn)) return i;
        return -1;
    }

    boolean active(int i) { return instances.get(i).status().equals("ACTIVE"); }

    long memoryLeft(int i) { return memoryLeft[i]; }

    int count(String group, int i) { return (int) tasks.get(i).stream().filter(t -> group.equals(t.group())).count(); }

    /** The first rule instance i breaks for one more task, in ECS order, or null. */
    String refusal(int i, PlacementRequest r) {
        PlacementRules.Compiled rules = PlacementRules.compile(r.constraints(), r.strategy());
        ContainerInstance ci = instances.get(i);
        if (!ci.agentConnected()) return "AGENT";
        if (cpuLeft[i] < r.demand().cpu()) return "RESOURCE:CPU";
        if (memoryLeft[i] < r.demand().memory()) return "RESOURCE:MEMORY";
        for (String p : r.demand().hostPorts()) if (ports.get(i).contains(p)) return "RESOURCE:PORTS";
        InstanceSubject subject = new InstanceSubject(ci, tasks.get(i));
        for (Expression e : rules.memberOf()) if (!e.test(subject)) return "ATTRIBUTE";
        if (rules.distinctInstance() && count(r.effectiveGroup(), i) > 0) return "DISTINCT_INSTANCE";
        return null;
    }

    /** Records one more task of the request on instance i. */
    void add(int i, PlacementRequest r) {
        add(i, r.demand(), new Task.Builder().taskArn("oracle/" + (++ids)).group(r.effectiveGroup()).lastStatus("PENDING").build());
    }

    private void add(int i, Demand d, Task t) {
        cpuLeft[i] -= d.cpu();
        memoryLeft[i] -= d.memory();
        ports.get(i).addAll(d.hostPorts());
        tasks.get(i).add(t);
    }

    /** The reference scheduler for chains without random: a full scan per task, lexicographic keys, lowest index on ties. */
    List<String> place(PlacementRequest r) {
        List<PlacementRules.Strategy> chain = PlacementRules.compile(r.constraints(), r.strategy()).strategies();
        List<String> out = new ArrayList<>();
        for (int n = 0; n < r.count(); n++) {
            int best = -1;
            for (int i = 0; i < size(); i++) {
                if (!active(i) || refusal(i, r) != null) continue;
                if (best < 0 || compare(chain, r.effectiveGroup(), i, best) < 0) best = i;
            }
            if (best < 0) break;
            add(best, r);
            out.add(instances.get(best).arn());
        }
        return out;
    }

    private int compare(List<PlacementRules.Strategy> chain, String group, int a, int b) {
        for (PlacementRules.Strategy s : chain) {
            int c = Long.compare(key(s, group, a), key(s, group, b));
            if (c != 0) return c;
        }
        return Integer.compare(a, b);
    }

    private long key(PlacementRules.Strategy s, String group, int i) {
        if (s.type().equals("binpack")) return s.field().equals("cpu") ? cpuLeft[i] : memoryLeft[i];
        if (s.field().equals("instanceId")) return count(group, i);
        String name = s.field().substring("attribute:".length());
        long sum = 0;
        for (int j = 0; j < size(); j++) if (sameValue(name, i, j)) sum += count(group, j);
        return sum;
    }

    private boolean sameValue(String name, int a, int b) {
        InstanceSubject x = new InstanceSubject(instances.get(a), List.of()), y = new InstanceSubject(instances.get(b), List.of());
        return x.hasAttribute(name) == y.hasAttribute(name) && Objects.equals(x.attribute(name), y.attribute(name));
    }
}
