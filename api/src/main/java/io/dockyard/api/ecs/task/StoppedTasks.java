package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Stopped tasks stay describable for a while (ECS keeps them about an hour), then go. */
public final class StoppedTasks {
    /** How long a STOPPED task stays describable. */
    public static final Duration RETENTION = Duration.ofHours(1);

    private StoppedTasks() {}

    /** Removes STOPPED tasks stopped before {@code now - retention}, and RunTask client tokens as old; returns how many tasks went. */
    public static int reap(Ecs ecs, Duration retention) {
        Instant cutoff = ecs.now().minus(retention);
        return ecs.store().atomically(() -> {
            List<Task> old = ecs.store().list(Kinds.TASK, t -> t.isStopped() && t.stoppedAt() != null && t.stoppedAt().isBefore(cutoff));
            old.forEach(t -> ecs.store().delete(Kinds.TASK, t.taskArn()));
            ecs.store().list(RunToken.KIND, r -> r.createdAt().isBefore(cutoff)).forEach(r -> ecs.store().delete(RunToken.KIND, r.key()));
            return old.size();
        });
    }
}
