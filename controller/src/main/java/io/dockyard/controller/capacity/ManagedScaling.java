package io.dockyard.controller.capacity;

import io.dockyard.core.model.CapacityProvider;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.AutoScalingGroups;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.MetricSink;
import io.dockyard.core.port.Store;
import io.dockyard.launch.CapacityProviders;
import io.dockyard.launch.Clusters;
import io.dockyard.launch.TaskLaunches;
import io.dockyard.scheduler.Demand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ECS managed scaling (on the leader, every second): for each capacity provider with managed scaling,
 * the {@code CapacityProviderReservation} metric M / N × 100 — N the group's instances, M those it
 * needs: the instances running tasks plus enough of the group's host size for the tasks its services
 * could not place — published in {@code AWS/ECS/ManagedScaling}, and the group's desired capacity set
 * to {@code ceil(M × 100 / targetCapacity)}, within the step sizes. Scale-out is at once; scale-in
 * waits until the reservation has stayed under the target for {@code scaleInAfter} and no host of the group is younger than
 * the instance warm-up period. The tasks a group's hosts must hold include those waiting in PROVISIONING for it. With managed
 * termination protection the instances running tasks are protected from scale-in.
 */
public final class ManagedScaling {
    private static final Logger log = LoggerFactory.getLogger(ManagedScaling.class);
    public static final String NAMESPACE = "AWS/ECS/ManagedScaling";

    private final Store store;
    private final AutoScalingGroups groups;
    private final MetricSink sink;
    private final Clock clock;
    private final Duration scaleInAfter;
    private final Map<String, Instant> lowSince = new ConcurrentHashMap<>();

    public ManagedScaling(Store store, AutoScalingGroups groups, MetricSink sink, Clock clock, Duration scaleInAfter) {
        this.store = store;
        this.groups = groups;
        this.sink = sink;
        this.clock = clock;
        this.scaleInAfter = scaleInAfter;
    }

    public void tick() {
        for (CapacityProvider cp : store.list(Kinds.CAPACITY_PROVIDER, p -> "ACTIVE".equals(p.status()))) {
            try {
                scale(cp);
            } catch (RuntimeException e) {
                log.warn("managed scaling provider={} failed: {}", cp.name(), e.toString());
            }
        }
    }

    /** What a provider's group needs now: the reservation's M and N. */
    record Need(int needed, int have) {
        double reservation() { return have == 0 ? (needed > 0 ? 200 : 100) : 100.0 * needed / have; }
    }

    Need need(CapacityProvider cp, AutoScalingGroups.Group g) {
        Set<String> members = new HashSet<>();
        g.instances().forEach(m -> members.add(m.id()));
        int withTasks = 0;
        for (ContainerInstance ci : store.list(Kinds.CONTAINER_INSTANCE, i -> members.contains(i.ec2InstanceId()) && !"INACTIVE".equals(i.status()))) {
            if (store.list(Kinds.TASKS_BY_INSTANCE, ci.arn()).stream().anyMatch(Task::isActive)) withTasks++;
        }
        long cpu = 0, memory = 0;
        int missing = 0;
        for (Cluster c : clusters(cp)) {
            for (Service s : store.list(Kinds.SERVICES_BY_CLUSTER, c.arn())) {
                if (!"ACTIVE".equals(s.status()) || s.isDaemon()) continue;
                Deployment primary = s.deployments().stream().filter(Deployment::isPrimary).findFirst().orElse(null);
                if (primary == null || !uses(primary, c, cp.name())) continue;
                long live = store.list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(s.clusterArn(), s.group())).stream()
                        .filter(t -> t.isActive() && "RUNNING".equals(t.desiredStatus())).count();
                int shortBy = (int) Math.max(0, s.desiredCount() - live);
                if (shortBy == 0) continue;
                Demand d = Clusters.taskDefinition(store, primary.taskDefinitionArn()).map(td -> io.dockyard.launch.TaskDemand.of(td.spec(), null))
                        .orElse(new Demand(0, 0, List.of()));
                missing += shortBy;
                cpu += d.cpu() * shortBy;
                memory += d.memory() * shortBy;
            }
        }
        // tasks of the provider waiting in PROVISIONING for room (RunTask's and services'); one that no host of the group
        // could ever hold adds nothing (it stops when its wait times out)
        for (Task t : store.list(Kinds.TASK, t -> TaskLaunches.isWaiting(t) && cp.name().equals(t.capacityProviderName()))) {
            long c = number(t.cpu()), m = number(t.memory());
            if (c > g.cpu() || m > g.memory()) continue;
            missing++;
            cpu += c;
            memory += m;
        }
        int extra = missing == 0 ? 0 : (int) Math.max(1, Math.max(Math.ceil((double) cpu / Math.max(1, g.cpu())), Math.ceil((double) memory / Math.max(1, g.memory()))));
        return new Need(withTasks + extra, g.instances().size());
    }

    private static long number(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the deployment launches on the provider (its strategy, or the cluster's default when it has no launch type). */
    private static boolean uses(Deployment d, Cluster c, String provider) {
        List<Map<String, Object>> strategy = d.capacityProviderStrategy();
        if ((strategy == null || strategy.isEmpty()) && d.launchType() == null) strategy = c.defaultCapacityProviderStrategy();
        if (strategy == null) return false;
        return CapacityProviders.parse(strategy).stream().anyMatch(i -> i.provider().equals(provider));
    }

    private List<Cluster> clusters(CapacityProvider cp) {
        return store.list(Kinds.CLUSTER, c -> "ACTIVE".equals(c.status()) && c.capacityProviders() != null && c.capacityProviders().contains(cp.name()));
    }

    private void scale(CapacityProvider cp) {
        AutoScalingGroups.Group g = groups.group(cp.groupName()).orElse(null);
        if (g == null) return;
        Instant now = clock.instant();
        if (cp.managedTerminationProtection()) protect(g);
        if (!cp.managedScaling().enabled()) return;
        // one consistent read: the instances with tasks, the tasks waiting and the services' shortfall move together (a task
        // created or placed between separate reads would be counted twice and add a host nobody needs)
        Need need = store.atomically(() -> need(cp, g));
        for (Cluster c : clusters(cp)) {
            sink.put(NAMESPACE, "CapacityProviderReservation", Map.of("CapacityProviderName", cp.name(), "ClusterName", c.name()), now, need.reservation(),
                    "Percent");
        }
        CapacityProvider.ManagedScaling ms = cp.managedScaling();
        int target = (int) Math.ceil(need.needed() * 100.0 / ms.targetCapacity());
        int desired = g.desiredCapacity();
        if (target > desired) {
            lowSince.remove(cp.name());
            int step = Math.max(ms.minimumScalingStepSize(), Math.min(ms.maximumScalingStepSize(), target - desired));
            int to = Math.min(g.maxSize(), desired + step);
            // at the group's maximum there is nothing to ask for (no activity every second)
            if (to != desired) groups.setDesiredCapacity(g.name(), to, cause(cp, need, desired, to));
        } else if (target < desired) {
            // instance warm-up: while a host the group launched is younger than the warm-up period, nothing is scaled in
            // (the tasks it was launched for may not have reached it yet)
            Instant warm = now.minusSeconds(ms.instanceWarmupPeriod());
            if (g.instances().stream().anyMatch(m -> m.launchedAt() != null && m.launchedAt().isAfter(warm))) return;
            Instant since = lowSince.computeIfAbsent(cp.name(), k -> now);
            if (Duration.between(since, now).compareTo(scaleInAfter) < 0) return;
            lowSince.remove(cp.name());
            int step = Math.max(ms.minimumScalingStepSize(), Math.min(ms.maximumScalingStepSize(), desired - target));
            int to = Math.max(g.minSize(), desired - step);
            if (to != desired) groups.setDesiredCapacity(g.name(), to, cause(cp, need, desired, to));
        } else {
            lowSince.remove(cp.name());
        }
    }

    private static String cause(CapacityProvider cp, Need need, int from, int to) {
        return String.format("ECS managed scaling of capacity provider %s: CapacityProviderReservation %.0f%% (%d of %d instances needed) against its "
                + "target of %d%%, changing the desired capacity from %d to %d.", cp.name(), need.reservation(), need.needed(), need.have(),
                cp.managedScaling().targetCapacity(), from, to);
    }

    /** Managed termination protection: an instance running tasks is protected from scale-in, one without is not. */
    private void protect(AutoScalingGroups.Group g) {
        Map<String, Boolean> busy = new HashMap<>();
        Set<String> members = new HashSet<>();
        g.instances().forEach(m -> members.add(m.id()));
        for (ContainerInstance ci : store.list(Kinds.CONTAINER_INSTANCE, i -> members.contains(i.ec2InstanceId()) && !"INACTIVE".equals(i.status()))) {
            busy.put(ci.ec2InstanceId(), store.list(Kinds.TASKS_BY_INSTANCE, ci.arn()).stream().anyMatch(Task::isActive));
        }
        for (AutoScalingGroups.Member m : g.instances()) {
            if (!"InService".equals(m.lifecycleState())) continue;
            boolean want = busy.getOrDefault(m.id(), false);
            if (m.protectedFromScaleIn() != want) groups.protect(g.name(), m.id(), want);
        }
    }
}
