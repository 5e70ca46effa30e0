package io.dockyard.launch;

import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Resource;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.model.TaskOverride;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.scheduler.Reasons;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application layer: a typed launch request in, the scheduler's plan, the tasks stored once. */
class TaskLaunchesTest {
    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private static final Arns ARNS = Arns.of("us-east-1", "000000000000");
    private static final String CLUSTER_ARN = ARNS.cluster("c1");

    private final Store store = new CachedStore(new MemoryJournal());
    private final TaskLaunches launches = new TaskLaunches(store, Clock.fixed(T0, ZoneOffset.UTC), "us-east-1a");
    private final Cluster cluster = new Cluster(CLUSTER_ARN, "c1", "ACTIVE", List.of(), null, List.of(), List.of(), null, List.of(), T0);
    private final TaskDefinition web = taskDefinition("web", 256, 512);

    TaskLaunchesTest() {
        store.put(Kinds.CLUSTER, cluster);
        store.put(Kinds.TASK_DEFINITION, web);
    }

    private static TaskDefinition taskDefinition(String family, int cpu, int memory) {
        Map<String, Object> doc = Map.of("family", family, "containerDefinitions",
                List.of(Map.of("name", "app", "image", "busybox", "cpu", cpu, "memory", memory)));
        return new TaskDefinition(ARNS.taskDefinition(family, 1), family, 1, "ACTIVE", doc, List.of("EC2"), List.of(), T0, null, null, List.of(), false);
    }

    private ContainerInstance instance(String id, int cpu, int memory, String role) {
        List<Attribute> attributes = new ArrayList<>(List.of(Attribute.of("ecs.availability-zone", "us-east-1b")));
        if (role != null) attributes.add(Attribute.of("role", role));
        ContainerInstance i = new ContainerInstance(ARNS.containerInstance("c1", id), CLUSTER_ARN, "i-" + id, "ACTIVE", null, true,
                List.of(Resource.integer("CPU", cpu), Resource.integer("MEMORY", memory)), attributes, Map.of(), List.of(), null, T0, T0, null, 1);
        store.put(Kinds.CONTAINER_INSTANCE, i);
        return i;
    }

    private LaunchRequest request(LaunchRequest.Target target, TaskOverride overrides) {
        return new LaunchRequest(cluster, web, target, "EC2", null, null, overrides, null, "me", List.of(), null, false, null);
    }

    private List<Task> stored() { return store.list(Kinds.TASK, t -> true); }

    @Test
    void placesAndStoresEachTaskOnceWithItsTypedOverrides() {
        instance("a", 1024, 2048, null);
        instance("b", 1024, 2048, null);
        TaskOverride overrides = new TaskOverride(List.of(new TaskOverride.ContainerOverride("app", List.of("sleep", "5"),
                List.of(new TaskOverride.KeyValue("MODE", "x")), null, 128, null, null, null)), null, null, null, null, null);

        Launched launched = launches.launch(request(new LaunchRequest.Scheduled(3, List.of(), List.of()), overrides));

        assertThat(launched.failures()).isEmpty();
        assertThat(launched.tasks()).hasSize(3);
        assertThat(stored()).extracting(Task::taskArn).containsExactlyInAnyOrderElementsOf(launched.tasks().stream().map(Task::taskArn).toList());
        Task t = stored().getFirst();
        assertThat(t.lastStatus()).isEqualTo("PROVISIONING");
        assertThat(t.group()).isEqualTo("family:web");
        assertThat(t.startedBy()).isEqualTo("me");
        assertThat(t.availabilityZone()).isEqualTo("us-east-1b");
        assertThat(t.overrides()).isEqualTo(overrides);
        assertThat(t.cpu()).as("the container override's cpu is the task's demand").isEqualTo("128");
        assertThat(t.containers().getFirst().cpu()).isEqualTo("128");
    }

    @Test
    void whatDoesNotFitComesBackAsTheSchedulersFailuresAndOneEventText() {
        instance("small", 1024, 600, null);
        Launched launched = launches.launch(request(new LaunchRequest.Scheduled(2, List.of(), List.of()), null));

        assertThat(launched.tasks()).hasSize(1);
        assertThat(launched.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(Reasons.MEMORY);
            assertThat(f.arn()).endsWith("/small");
        });
        assertThat(launched.unableToPlace("web")).isEqualTo("(service web) was unable to place a task because no container instance met all"
                + " of its requirements. The closest matching (container-instance small) has insufficient memory available."
                + " For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
        assertThat(stored()).hasSize(1);
    }

    private ContainerInstance providerInstance(String id, String provider) {
        ContainerInstance i = new ContainerInstance(ARNS.containerInstance("c1", id), CLUSTER_ARN, "i-" + id, "ACTIVE", null, true,
                List.of(Resource.integer("CPU", 512), Resource.integer("MEMORY", 1024)), List.of(Attribute.of("ecs.availability-zone", "us-east-1c")),
                Map.of(), List.of(), provider, T0, T0, null, 1);
        store.put(Kinds.CONTAINER_INSTANCE, i);
        return i;
    }

    private LaunchRequest onProvider(String provider, int count) {
        return new LaunchRequest(cluster, web, new LaunchRequest.Scheduled(count, List.of(), List.of()), "EC2", provider, null, null, null, "me", List.of(),
                null, false, null);
    }

    @Test
    void tasksOfAGroupProviderThatFindNoRoomWaitInProvisioningAndArePlacedWhenItsHostsJoin() {
        providerInstance("other", "other-cp");
        Launched launched = launches.launch(onProvider("hosts-cp", 3));

        assertThat(launched.failures()).as("a capacity provider's tasks wait for room instead of failing").isEmpty();
        assertThat(launched.tasks()).hasSize(3).allSatisfy(t -> {
            assertThat(t.lastStatus()).isEqualTo("PROVISIONING");
            assertThat(t.containerInstanceArn()).isNull();
            assertThat(TaskLaunches.isWaiting(t)).isTrue();
        });
        assertThat(launches.placeWaiting(java.time.Duration.ofMinutes(30))).as("another provider's host takes none of them")
                .isEqualTo(new TaskLaunches.Provisioned(0, 0, 3));

        ContainerInstance host = providerInstance("h1", "hosts-cp");
        assertThat(launches.placeWaiting(java.time.Duration.ofMinutes(30))).as("a host of 512 units takes two tasks of 256")
                .isEqualTo(new TaskLaunches.Provisioned(2, 0, 1));
        assertThat(stored()).filteredOn(t -> host.arn().equals(t.containerInstanceArn())).hasSize(2)
                .allSatisfy(t -> assertThat(t.availabilityZone()).isEqualTo("us-east-1c"));
        providerInstance("h2", "hosts-cp");
        assertThat(launches.placeWaiting(java.time.Duration.ofMinutes(30))).isEqualTo(new TaskLaunches.Provisioned(1, 0, 0));
        assertThat(stored()).noneMatch(TaskLaunches::isWaiting);
    }

    @Test
    void aTaskThatWaitsLongerThanTheTimeoutStopsAsTaskFailedToStart() {
        launches.launch(onProvider("hosts-cp", 1));
        TaskLaunches later = new TaskLaunches(store, Clock.fixed(T0.plusSeconds(61), ZoneOffset.UTC), "us-east-1a");
        assertThat(later.placeWaiting(java.time.Duration.ofSeconds(120))).isEqualTo(new TaskLaunches.Provisioned(0, 0, 1));
        assertThat(later.placeWaiting(java.time.Duration.ofSeconds(60))).isEqualTo(new TaskLaunches.Provisioned(0, 1, 0));
        assertThat(stored()).singleElement().satisfies(t -> {
            assertThat(t.lastStatus()).isEqualTo("STOPPED");
            assertThat(t.desiredStatus()).isEqualTo("STOPPED");
            assertThat(t.stopCode()).isEqualTo("TaskFailedToStart");
            assertThat(t.stoppedReason()).contains("hosts-cp").contains("60 seconds");
            assertThat(t.stoppedAt()).isEqualTo(T0.plusSeconds(61));
        });
    }

    @Test
    void ec2TasksWithoutAProviderStillFailWhenNothingFits() {
        Launched launched = launches.launch(onProvider(null, 1));
        assertThat(launched.noContainerInstances()).isTrue();
        assertThat(stored()).isEmpty();
    }

    @Test
    void anEmptyClusterIsNoContainerInstancesAndStoresNothing() {
        Launched launched = launches.launch(request(new LaunchRequest.Scheduled(1, List.of(), List.of()), null));
        assertThat(launched.noContainerInstances()).isTrue();
        assertThat(launched.unableToPlace("web")).contains("Reason: No Container Instances were found in your cluster.");
        assertThat(stored()).isEmpty();
    }

    @Test
    void aDeletedClusterTakesNoTask() {
        instance("a", 1024, 2048, null);
        store.put(Kinds.CLUSTER, cluster.withStatus("INACTIVE"));
        assertThatThrownBy(() -> launches.launch(request(new LaunchRequest.Scheduled(1, List.of(), List.of()), null)))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("ClusterNotFoundException"));
        assertThat(stored()).isEmpty();
    }

    @Test
    void startTaskNamesInstances() {
        ContainerInstance a = instance("a", 1024, 2048, null);
        ContainerInstance full = instance("full", 100, 2048, null);
        String unknown = ARNS.containerInstance("c1", "nope");
        Launched launched = launches.launch(request(new LaunchRequest.OnInstances(List.of(a.arn(), full.arn(), unknown)), null));

        assertThat(launched.tasks()).singleElement().satisfies(t -> assertThat(t.containerInstanceArn()).isEqualTo(a.arn()));
        assertThat(launched.failures()).extracting(f -> f.arn() + " " + f.reason())
                .containsExactly(full.arn() + " " + Reasons.CPU, unknown + " " + Reasons.MISSING);
    }

    /**
     * A plan is checked against the cluster as it is when it is applied: here another writer fills the
     * planned instance (and frees the other) between planning and applying, and the task goes where it
     * now fits instead of overcommitting.
     */
    @Test
    void aStalePlanIsCheckedWhenItIsAppliedAndMadeAgain() {
        ContainerInstance a = instance("a", 1024, 600, null);
        ContainerInstance b = instance("b", 1024, 600, null);
        Task blocker = new Task.Builder().taskArn(ARNS.task("c1", "blocker")).clusterArn(CLUSTER_ARN).taskDefinitionArn(web.arn())
                .containerInstanceArn(b.arn()).lastStatus("RUNNING").desiredStatus("RUNNING").group("other").version(1).build();
        store.put(Kinds.TASK, blocker);
        AtomicReference<Boolean> raced = new AtomicReference<>(false);
        Store racing = new RacingStore(store, () -> {
            if (raced.getAndSet(true)) return;
            store.put(Kinds.TASK, blocker.toBuilder().lastStatus("STOPPED").build());
            store.put(Kinds.TASK, blocker.toBuilder().taskArn(ARNS.task("c1", "late")).containerInstanceArn(a.arn()).build());
        });
        TaskLaunches racingLaunches = new TaskLaunches(racing, Clock.fixed(T0, ZoneOffset.UTC), "us-east-1a");

        Launched launched = racingLaunches.launch(request(new LaunchRequest.Scheduled(1, List.of(), List.of()), null));

        assertThat(raced.get()).isTrue();
        assertThat(launched.tasks()).singleElement().satisfies(t -> assertThat(t.containerInstanceArn()).isEqualTo(b.arn()));
    }

    @Test
    void aDaemonServiceRunsOnlyOnInstancesMatchingItsMemberOfConstraint() {
        ContainerInstance web1 = instance("web1", 1024, 2048, "web");
        ContainerInstance web2 = instance("web2", 1024, 2048, "web");
        instance("db1", 1024, 2048, "db");
        Service daemon = service("agentd", "DAEMON", List.of(Map.of("type", "memberOf", "expression", "attribute:role == web")));
        ServiceLaunches services = new ServiceLaunches(launches);

        Launched first = services.launch(daemon, daemon.primary(), 3);
        assertThat(first.tasks()).extracting(Task::containerInstanceArn).containsExactlyInAnyOrder(web1.arn(), web2.arn());
        assertThat(first.failures()).as("an instance outside the constraint is not a failure").isEmpty();
        assertThat(first.tasks()).allSatisfy(t -> {
            assertThat(t.group()).isEqualTo("service:agentd");
            assertThat(t.startedBy()).isEqualTo(daemon.primary().id());
            assertThat(t.serviceName()).isEqualTo("agentd");
        });

        Launched again = services.launch(daemon, daemon.primary(), 3);
        assertThat(again.tasks()).as("every matching instance already has its task").isEmpty();
        assertThat(stored()).hasSize(2);
    }

    @Test
    void aReplicaServiceSpreadsAndTagsItsTasks() {
        instance("a", 1024, 2048, null);
        instance("b", 1024, 2048, null);
        Service replica = service("api", "REPLICA", List.of());
        Launched launched = new ServiceLaunches(launches).launch(replica, replica.primary(), 2);
        assertThat(launched.tasks()).extracting(Task::containerInstanceArn).doesNotHaveDuplicates().hasSize(2);
        assertThat(launched.tasks()).allSatisfy(t -> assertThat(t.tags()).extracting(io.dockyard.core.model.Tag::key).containsExactly("team"));
    }

    private Service service(String name, String scheduling, List<Map<String, Object>> constraints) {
        Deployment d = new Deployment("ecs-svc/1234567890123456789", "PRIMARY", web.arn(), "EC2", List.of(), null, null,
                "IN_PROGRESS", null, false, "IN_PROGRESS", T0, T0, null);
        return new Service(ARNS.service("c1", name), name, CLUSTER_ARN, "ACTIVE", 2, web.arn(), "EC2", List.of(), null, scheduling,
                null, null, constraints, List.of(), null, List.of(), List.of(), null, "SERVICE", false, false,
                List.of(new io.dockyard.core.model.Tag("team", "a")), null, null, T0, List.of(d), List.of(), 1);
    }
}
