package io.dockyard.asg;

import io.dockyard.asg.model.AsgActivity;
import io.dockyard.asg.model.AsgKinds;
import io.dockyard.asg.model.AutoScalingGroup;
import io.dockyard.asg.model.AutoScalingGroup.Instance;
import io.dockyard.core.model.CapacityProvider;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.InstanceProvider;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps each group's instances at its desired capacity (on the leader, every second): launches hosts
 * through the instance provider (Pending until their agent has registered, then InService), takes the
 * excess out — unprotected instances only, Pending first, then those running the fewest tasks — and,
 * when the group's ECS capacity provider drains managed instances, sets the container instance
 * DRAINING and terminates only once no task runs on it. Instances join the cluster whose capacity
 * provider names the group (else {@code default}, as an ECS agent without ECS_CLUSTER does).
 */
public final class GroupController {
    private static final Logger log = LoggerFactory.getLogger(GroupController.class);
    static final int ACTIVITIES_KEPT = 100;

    private final Store store;
    private final InstanceProvider provider;
    private final Clock clock;

    public GroupController(Store store, InstanceProvider provider, Clock clock) {
        this.store = store;
        this.provider = provider;
        this.clock = clock;
    }

    public void tick() {
        for (AutoScalingGroup g : store.list(AsgKinds.GROUP)) {
            try {
                reconcile(g);
            } catch (RuntimeException e) {
                log.warn("group {} not reconciled: {}", g.name(), e.toString());
            }
        }
    }

    /** The ECS capacity provider that names the group, if any. */
    Optional<CapacityProvider> capacityProvider(String group) {
        return store.list(Kinds.CAPACITY_PROVIDER, p -> "ACTIVE".equals(p.status()) && group.equals(p.groupName())).stream().findFirst();
    }

    private String cluster(Optional<CapacityProvider> cp) {
        if (cp.isEmpty()) return "default";
        return store.list(Kinds.CLUSTER, c -> "ACTIVE".equals(c.status()) && c.capacityProviders() != null && c.capacityProviders().contains(cp.get().name()))
                .stream().map(Cluster::name).findFirst().orElse("default");
    }

    private Optional<ContainerInstance> containerInstance(String id) {
        return store.list(Kinds.CONTAINER_INSTANCE, i -> id.equals(i.ec2InstanceId()) && !"INACTIVE".equals(i.status())).stream().findFirst();
    }

    private long tasksOn(ContainerInstance ci) {
        return store.list(Kinds.TASKS_BY_INSTANCE, ci.arn()).stream().filter(Task::isActive).count();
    }

    private void reconcile(AutoScalingGroup g) {
        Instant now = clock.instant();
        Optional<CapacityProvider> cp = capacityProvider(g.name());
        boolean deleting = g.status() != null;
        List<Instance> list = new ArrayList<>(g.instances());
        boolean changed = false;

        // registered agents are in service; their container instance carries the capacity provider's name
        for (int i = 0; i < list.size(); i++) {
            Instance x = list.get(i);
            Optional<ContainerInstance> ci = containerInstance(x.id());
            if (AutoScalingGroup.PENDING.equals(x.lifecycleState()) && ci.isPresent() && ci.get().agentConnected()) {
                list.set(i, x.withState(AutoScalingGroup.IN_SERVICE));
                changed = true;
            }
            if (ci.isPresent() && cp.isPresent() && !cp.get().name().equals(ci.get().capacityProviderName())) {
                ContainerInstance c = ci.get();
                store.put(Kinds.CONTAINER_INSTANCE, new ContainerInstance(c.arn(), c.clusterArn(), c.ec2InstanceId(), c.status(), c.statusReason(),
                        c.agentConnected(), c.registeredResources(), c.attributes(), c.versionInfo(), c.tags(), cp.get().name(), c.registeredAt(),
                        c.lastHeartbeatAt(), c.agentEndpoint(), c.version() + 1));
            }
        }

        // a host whose agent is gone (the control plane stopped the local agents it ran) starts again under the same id
        for (Instance x : list) {
            if (!x.leaving() && !provider.alive(x.id())) provider.launch(x.id(), cluster(cp), g.cpu(), g.memory());
        }

        int desired = deleting ? 0 : g.desiredCapacity();
        List<Instance> current = list.stream().filter(x -> !x.leaving()).toList();
        if (current.size() < desired) {
            String cluster = cluster(cp);
            for (int n = current.size(); n < desired; n++) {
                String id = "i-" + HexFormat.of().formatHex(randomBytes(9)).substring(0, 17);
                provider.launch(id, cluster, g.cpu(), g.memory());
                list.add(new Instance(id, AutoScalingGroup.PENDING, g.newInstancesProtectedFromScaleIn(), now));
                activity(g.name(), "Launching a new EC2 instance: " + id, "At " + now + " an instance was started in response to a difference between "
                        + "desired and actual capacity, increasing the capacity from " + n + " to " + (n + 1) + ".", now);
            }
            changed = true;
        } else if (current.size() > desired) {
            boolean drain = cp.isPresent() && cp.get().managedDraining();
            List<Instance> candidates = current.stream().filter(x -> deleting || !x.protectedFromScaleIn())
                    .sorted(Comparator.comparing((Instance x) -> !AutoScalingGroup.PENDING.equals(x.lifecycleState()))
                            .thenComparingLong(x -> containerInstance(x.id()).map(this::tasksOn).orElse(0L))
                            .thenComparing(Instance::launchedAt, Comparator.reverseOrder()))
                    .limit(current.size() - desired).toList();
            for (Instance x : candidates) {
                list.set(list.indexOf(x), x.withState(drain ? AutoScalingGroup.TERMINATING_WAIT : AutoScalingGroup.TERMINATING));
                containerInstance(x.id()).filter(ci -> drain && "ACTIVE".equals(ci.status()))
                        .ifPresent(ci -> store.put(Kinds.CONTAINER_INSTANCE, ci.withStatus("DRAINING", null)));
                activity(g.name(), "Terminating EC2 instance: " + x.id(), "At " + now + " an instance was taken out of service in response to a difference "
                        + "between desired and actual capacity, shrinking the capacity from " + current.size() + " to " + desired + "."
                        + (drain ? " The container instance was set to DRAINING first (managed draining)." : ""), now);
                changed = true;
            }
        }

        // leaving instances go once drained
        for (Instance x : List.copyOf(list)) {
            if (!x.leaving()) continue;
            Optional<ContainerInstance> ci = containerInstance(x.id());
            if (AutoScalingGroup.TERMINATING_WAIT.equals(x.lifecycleState()) && ci.isPresent() && tasksOn(ci.get()) > 0) continue;
            provider.terminate(x.id());
            ci.ifPresent(c -> store.put(Kinds.CONTAINER_INSTANCE, c.withStatus("INACTIVE", null)));
            list.remove(x);
            changed = true;
        }

        if (deleting && list.isEmpty()) {
            store.delete(AsgKinds.GROUP, g.name());
            log.info("group deleted name={}", g.name());
            return;
        }
        if (changed) {
            // what the API changed meanwhile (desired capacity, protection) stays
            store.update(AsgKinds.GROUP, g.name(), cur -> cur.withInstances(list.stream().map(x -> cur.instances().stream()
                    .filter(c -> c.id().equals(x.id())).findFirst().map(c -> x.withProtection(c.protectedFromScaleIn())).orElse(x)).toList()));
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** Records an activity of the group (the newest {@value #ACTIVITIES_KEPT} are kept). */
    void activity(String group, String description, String cause, Instant now) {
        store.put(AsgKinds.ACTIVITY, new AsgActivity(UUID.randomUUID().toString(), group, description, cause, now, now, "Successful", 100));
        List<AsgActivity> all = store.list(AsgKinds.ACTIVITY, a -> a.group().equals(group));
        if (all.size() > ACTIVITIES_KEPT) {
            all.stream().sorted(Comparator.comparing(AsgActivity::start)).limit(all.size() - ACTIVITIES_KEPT).forEach(a -> store.delete(AsgKinds.ACTIVITY, a.id()));
        }
    }
}
