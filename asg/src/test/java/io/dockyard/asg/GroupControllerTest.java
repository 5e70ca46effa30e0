package io.dockyard.asg;

import io.dockyard.asg.model.AsgKinds;
import io.dockyard.asg.model.AutoScalingGroup;
import io.dockyard.core.model.CapacityProvider;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.InstanceProvider;
import io.dockyard.core.port.Kinds;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GroupControllerTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:000000000000:cluster/fleet";

    /** Records what it was asked; hosts are up at once. */
    static final class FakeHosts implements InstanceProvider {
        final List<String> launched = new ArrayList<>(), terminated = new ArrayList<>();
        final List<String> clusters = new ArrayList<>();

        @Override
        public void launch(String id, String cluster, int cpu, int memory) {
            launched.add(id);
            clusters.add(cluster + ":" + cpu + ":" + memory);
        }

        @Override public void terminate(String id) { terminated.add(id); }
        @Override public String name() { return "fake"; }
    }

    private final CachedStore store = new CachedStore(new MemoryJournal());
    private final FakeHosts hosts = new FakeHosts();
    private final GroupController controller = new GroupController(store, hosts, Clock.fixed(NOW, ZoneOffset.UTC));

    private void group(int desired) {
        store.put(AsgKinds.GROUP, new AutoScalingGroup("hosts", "arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:x:autoScalingGroupName/hosts",
                0, 5, desired, "t", 512, 1024, false, store.get(AsgKinds.GROUP, "hosts").map(AutoScalingGroup::instances).orElse(List.of()), List.of(), NOW, null));
    }

    private void registered(String id, int n) {
        store.put(Kinds.CONTAINER_INSTANCE, new ContainerInstance(CLUSTER_ARN.replace(":cluster/", ":container-instance/") + "/" + n, CLUSTER_ARN, id, "ACTIVE",
                null, true, List.of(), List.of(), Map.of(), List.of(), null, NOW, NOW, null, 1));
    }

    private AutoScalingGroup current() { return store.get(AsgKinds.GROUP, "hosts").orElseThrow(); }

    @Test
    void launchesToTheDesiredCapacityIntoTheProvidersClusterAndDrainsTheEmptyHostOnScaleIn() {
        store.put(Kinds.CAPACITY_PROVIDER, new CapacityProvider("cp", "arn:cp", "ACTIVE", current0Arn(), CapacityProvider.ManagedScaling.DEFAULT, true, true,
                List.of(), null, NOW));
        store.put(Kinds.CLUSTER, new Cluster(CLUSTER_ARN, "fleet", "ACTIVE", List.of(), Map.of(), List.of("cp"), List.of(), Map.of(), List.of(), NOW));
        group(2);
        controller.tick();
        assertThat(hosts.launched).hasSize(2);
        assertThat(hosts.clusters).containsOnly("fleet:512:1024");
        assertThat(current().instances()).extracting(AutoScalingGroup.Instance::lifecycleState).containsOnly(AutoScalingGroup.PENDING);

        String a = hosts.launched.get(0), b = hosts.launched.get(1);
        registered(a, 1);
        registered(b, 2);
        controller.tick();
        assertThat(current().instances()).extracting(AutoScalingGroup.Instance::lifecycleState).containsOnly(AutoScalingGroup.IN_SERVICE);
        assertThat(store.list(Kinds.CONTAINER_INSTANCE)).extracting(ContainerInstance::capacityProviderName).containsOnly("cp");
        assertThat(hosts.launched).hasSize(2);

        // a task on a; scale in by one: b (empty) is drained and goes, a stays
        store.put(Kinds.TASK, new Task.Builder().taskArn("arn:task/1").clusterArn(CLUSTER_ARN).containerInstanceArn(CLUSTER_ARN.replace(":cluster/", ":container-instance/") + "/1")
                .lastStatus("RUNNING").desiredStatus("RUNNING").createdAt(NOW).version(1).build());
        group(1);
        controller.tick();
        assertThat(hosts.terminated).containsExactly(b);
        assertThat(current().instances()).extracting(AutoScalingGroup.Instance::id).containsExactly(a);
        assertThat(store.list(Kinds.CONTAINER_INSTANCE, ci -> ci.ec2InstanceId().equals(b)).getFirst().status()).isEqualTo("INACTIVE");
        assertThat(store.list(AsgKinds.ACTIVITY)).extracting(x -> x.description().substring(0, 20)).contains("Launching a new EC2 ", "Terminating EC2 inst");
    }

    @Test
    void aProtectedHostIsNeverTakenAndADrainingHostWaitsForItsTasks() {
        store.put(Kinds.CAPACITY_PROVIDER, new CapacityProvider("cp", "arn:cp", "ACTIVE", current0Arn(), CapacityProvider.ManagedScaling.DEFAULT, true, true,
                List.of(), null, NOW));
        group(2);
        controller.tick();
        String a = hosts.launched.get(0), b = hosts.launched.get(1);
        registered(a, 1);
        registered(b, 2);
        controller.tick();
        // a is protected; b runs a task
        store.put(AsgKinds.GROUP, current().withInstances(current().instances().stream().map(i -> i.id().equals(a) ? i.withProtection(true) : i).toList()));
        Task onB = new Task.Builder().taskArn("arn:task/2").clusterArn(CLUSTER_ARN).containerInstanceArn(CLUSTER_ARN.replace(":cluster/", ":container-instance/") + "/2")
                .lastStatus("RUNNING").desiredStatus("RUNNING").createdAt(NOW).version(1).build();
        store.put(Kinds.TASK, onB);
        group(1);
        controller.tick();
        assertThat(hosts.terminated).isEmpty();
        assertThat(current().instances().stream().filter(i -> i.id().equals(b)).findFirst().orElseThrow().lifecycleState())
                .isEqualTo(AutoScalingGroup.TERMINATING_WAIT);
        assertThat(store.list(Kinds.CONTAINER_INSTANCE, ci -> ci.ec2InstanceId().equals(b)).getFirst().status()).isEqualTo("DRAINING");
        // its task stops: now it goes
        store.put(Kinds.TASK, onB.toBuilder().lastStatus("STOPPED").desiredStatus("STOPPED").version(2).build());
        controller.tick();
        assertThat(hosts.terminated).containsExactly(b);
        assertThat(current().instances()).extracting(AutoScalingGroup.Instance::id).containsExactly(a);
    }

    private static String current0Arn() { return "arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:x:autoScalingGroupName/hosts"; }
}
