package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class StoppedTasksTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private final Store store = new CachedStore(new MemoryJournal());
    private final Ecs ecs = new Ecs(store, Clock.fixed(NOW, ZoneOffset.UTC), "us-east-1a");

    private Task task(String id, String status, Instant stoppedAt) {
        return new Task.Builder().taskArn("arn:aws:ecs:us-east-1:000000000000:task/c/" + id).clusterArn("arn:aws:ecs:us-east-1:000000000000:cluster/c")
                .lastStatus(status).desiredStatus("STOPPED".equals(status) ? "STOPPED" : "RUNNING").stoppedAt(stoppedAt).createdAt(NOW.minusSeconds(9000)).version(1).build();
    }

    @Test
    void removesOnlyTasksStoppedLongerThanTheRetention() {
        store.put(Kinds.TASK, task("old", "STOPPED", NOW.minus(StoppedTasks.RETENTION).minusSeconds(1)));
        store.put(Kinds.TASK, task("recent", "STOPPED", NOW.minus(StoppedTasks.RETENTION).plusSeconds(60)));
        store.put(Kinds.TASK, task("running", "RUNNING", null));
        assertThat(StoppedTasks.reap(ecs, StoppedTasks.RETENTION)).isEqualTo(1);
        assertThat(store.list(Kinds.TASK)).extracting(Task::id).containsExactly("recent", "running");
    }
}
