package io.dockyard.api.agent;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.agent.AgentWork;
import io.dockyard.core.agent.AssignedTask;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Resource;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's work as a poll hands it over: each task definition once per task, all of them to an agent starting over. */
class WorkTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String CLUSTER = "arn:aws:ecs:us-east-1:000000000000:cluster/c";
    private static final String INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/i1";
    private final Store store = new CachedStore(new MemoryJournal());
    private final Ecs ecs = new Ecs(store, Clock.fixed(NOW, ZoneOffset.UTC), "us-east-1a");
    private final Work work = new Work(ecs, new Heartbeats(ecs));

    private Task task(String id, String lastStatus) {
        return new Task.Builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/c/" + id).clusterArn(CLUSTER)
                .taskDefinitionArn("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1").containerInstanceArn(INSTANCE)
                .lastStatus(lastStatus).desiredStatus("RUNNING").createdAt(NOW).version(1).build();
    }

    private Map<String, Boolean> definitionsIn(AgentWork w) {
        return w.tasks().stream().collect(Collectors.toMap(a -> a.task().id(), (AssignedTask a) -> a.taskDefinition() != null));
    }

    @Test
    void aTaskCarriesItsDefinitionOnceAFirstPollCarriesEvery() {
        Map<String, Object> doc = Map.of("family", "web", "containerDefinitions", List.of(Map.of("name", "app", "image", "busybox")));
        store.put(Kinds.TASK_DEFINITION, new TaskDefinition("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1", "web", 1, "ACTIVE",
                doc, List.of("EC2"), List.of(), NOW, null, "root", List.of(), false));
        store.put(Kinds.CONTAINER_INSTANCE, new ContainerInstance(INSTANCE, CLUSTER, "host", "ACTIVE", null, true,
                List.of(Resource.integer("CPU", 1024)), List.of(), null, List.of(), null, NOW, NOW, null, 1));
        store.put(Kinds.TASK, task("new", "PROVISIONING"));
        store.put(Kinds.TASK, task("up", "RUNNING"));
        store.put(Kinds.TASK, task("starting", "PENDING"));

        AgentWork first = work.poll(INSTANCE, 0, Duration.ZERO);
        assertThat(definitionsIn(first)).containsOnly(Map.entry("new", true), Map.entry("up", true), Map.entry("starting", true));
        assertThat(first.tasks().get(0).taskDefinition()).isEqualTo(doc);

        store.put(Kinds.TASK, task("newer", "PROVISIONING"));
        AgentWork next = work.poll(INSTANCE, first.version(), Duration.ZERO);
        assertThat(next.version()).isGreaterThan(first.version());
        assertThat(definitionsIn(next)).containsOnly(Map.entry("new", false), Map.entry("up", false), Map.entry("starting", false),
                Map.entry("newer", true));

        // An agent that starts over (a restart, or an answer it lacks) asks from 0 and gets every document.
        assertThat(definitionsIn(work.poll(INSTANCE, 0, Duration.ZERO))).containsOnly(Map.entry("new", true), Map.entry("up", true),
                Map.entry("starting", true), Map.entry("newer", true));
    }

    @Test
    void aLongPollIgnoresChangesOfNoConcernToItsInstanceAndEndsOnATaskChange() throws Exception {
        store.put(Kinds.CONTAINER_INSTANCE, new ContainerInstance(INSTANCE, CLUSTER, "host", "ACTIVE", null, true,
                List.of(Resource.integer("CPU", 1024)), List.of(), null, List.of(), null, NOW, NOW, null, 1));
        long version = work.poll(INSTANCE, 0, Duration.ZERO).version();
        // another instance's record and a cluster change do not end the wait
        Thread unrelated = Thread.ofVirtual().start(() -> {
            sleepQuietly(50);
            store.put(Kinds.CONTAINER_INSTANCE, new ContainerInstance(INSTANCE + "-other", CLUSTER, "host2", "ACTIVE", null, true,
                    List.of(Resource.integer("CPU", 1024)), List.of(), null, List.of(), null, NOW, NOW, null, 1));
        });
        long start = System.nanoTime();
        AgentWork idle = work.poll(INSTANCE, version, Duration.ofMillis(400));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThat(idle.tasks()).isEmpty();
        unrelated.join();

        Thread writer = Thread.ofVirtual().start(() -> {
            sleepQuietly(50);
            store.put(Kinds.TASK, task("arrives", "PROVISIONING"));
        });
        start = System.nanoTime();
        AgentWork woken = work.poll(INSTANCE, idle.version(), Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(woken.tasks()).extracting(a -> a.task().id()).containsExactly("arrives");
        writer.join();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
