package io.dockyard.asg;

import io.dockyard.asg.api.GroupOperations;
import io.dockyard.asg.model.AsgKinds;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.AutoScalingGroups;
import io.dockyard.core.port.InstanceProvider;
import io.dockyard.core.port.Kinds;
import io.dockyard.asg.model.AutoScalingGroup;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.QueryService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * EC2 Auto Scaling assembled: the Query service (signing name {@code autoscaling}), the group controller
 * on the leader (every second) over an instance provider, and the groups as ECS managed scaling drives them.
 */
public final class Asg implements AutoCloseable {
    public static final String SIGNING_NAME = "autoscaling";

    private final QueryService service;
    private final GroupController controller;
    private final InstanceProvider provider;
    private final Store store;

    private Asg(Store store, Clock clock, String zone, InstanceProvider provider) {
        this.store = store;
        this.provider = provider;
        this.controller = new GroupController(store, provider, clock);
        this.service = QueryService.of(SIGNING_NAME, "2011-01-01", "http://autoscaling.amazonaws.com/doc/2011-01-01/", new GroupOperations(store, clock, zone).all());
    }

    public static Asg start(Store store, Clock clock, String zone, InstanceProvider provider, Supervisor leader) {
        Asg asg = new Asg(store, clock, zone, provider);
        leader.every("autoscaling-groups", Duration.ofSeconds(1), asg.controller::tick);
        return asg;
    }

    public QueryService service() { return service; }

    /** The groups as ECS managed scaling reads and sets them. */
    public AutoScalingGroups groups() {
        return new AutoScalingGroups() {
            @Override
            public Optional<Group> group(String name) {
                return store.get(AsgKinds.GROUP, name).filter(g -> g.status() == null).map(g -> new Group(g.name(), g.minSize(), g.maxSize(), g.desiredCapacity(),
                        g.cpu(), g.memory(), g.current().stream().map(i -> new Member(i.id(), i.lifecycleState(), i.protectedFromScaleIn(), i.launchedAt())).toList()));
            }

            @Override
            public void setDesiredCapacity(String name, int desired, String cause) {
                Instant now = Instant.now();
                int before = store.get(AsgKinds.GROUP, name).map(AutoScalingGroup::desiredCapacity).orElse(-1);
                AutoScalingGroup after = store.update(AsgKinds.GROUP, name, g -> {
                    int d = Math.max(g.minSize(), Math.min(g.maxSize(), desired));
                    return d == g.desiredCapacity() ? g : g.with(g.minSize(), g.maxSize(), d);
                }).orElse(null);
                if (after != null && after.desiredCapacity() != before) {
                    controller.activity(name, "Setting desired capacity to " + after.desiredCapacity(), "At " + now + " " + cause, now);
                }
            }

            @Override
            public boolean interrupt(String instanceId) {
                Instant now = Instant.now();
                return store.atomically(() -> {
                    AutoScalingGroup g = store.list(AsgKinds.GROUP, x -> x.current().stream().anyMatch(i -> i.id().equals(instanceId))).stream().findFirst()
                            .orElse(null);
                    if (g == null) return false;
                    store.put(AsgKinds.GROUP, g.withInstances(g.instances().stream()
                            .map(i -> i.id().equals(instanceId) ? i.withState(AutoScalingGroup.TERMINATING_WAIT) : i).toList()));
                    store.list(Kinds.CONTAINER_INSTANCE, ci -> instanceId.equals(ci.ec2InstanceId()) && "ACTIVE".equals(ci.status()))
                            .forEach(ci -> store.put(Kinds.CONTAINER_INSTANCE, ci.withStatus("DRAINING", null)));
                    controller.activity(g.name(), "Terminating EC2 instance: " + instanceId, "At " + now + " an instance was taken out of service in "
                            + "response to an EC2 Spot interruption notice; the container instance was set to DRAINING.", now);
                    return true;
                });
            }

            @Override
            public void protect(String name, String instanceId, boolean p) {
                store.update(AsgKinds.GROUP, name, g -> g.instances().stream().anyMatch(i -> i.id().equals(instanceId) && i.protectedFromScaleIn() != p)
                        ? g.withInstances(g.instances().stream().map(i -> i.id().equals(instanceId) ? i.withProtection(p) : i).toList()) : g);
            }
        };
    }

    @Override
    public void close() { provider.close(); }
}
