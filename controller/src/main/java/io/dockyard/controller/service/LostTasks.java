package io.dockyard.controller.service;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tasks on an instance whose agent has been disconnected for longer than {@code lostAfter} count as
 * lost: they are marked STOPPED (stopCode TerminationNotice), so services replace them elsewhere.
 * If the agent comes back, it stops the containers of tasks it no longer gets from its poll.
 */
public final class LostTasks {
    private final Duration lostAfter;

    public LostTasks(Duration lostAfter) { this.lostAfter = lostAfter; }

    /** Marks lost tasks STOPPED; returns how many. */
    public int sweep(Store store, Instant now) {
        List<ContainerInstance> silent = store.list(Kinds.CONTAINER_INSTANCE, i -> !i.agentConnected() && !"INACTIVE".equals(i.status())
                && i.lastHeartbeatAt() != null && i.lastHeartbeatAt().plus(lostAfter).isBefore(now));
        if (silent.isEmpty()) return 0;
        return store.atomically(() -> {
            int n = 0;
            for (ContainerInstance i : silent) {
                for (Task t : store.list(Kinds.TASKS_BY_INSTANCE, i.arn()).stream().filter(Task::isActive).toList()) {
                    store.put(Kinds.TASK, t.toBuilder().lastStatus("STOPPED").desiredStatus("STOPPED").stopCode("TerminationNotice")
                            .stoppedReason("Task lost: the agent of container instance " + i.id() + " stopped reporting.")
                            .stoppingAt(t.stoppingAt() == null ? now : t.stoppingAt()).executionStoppedAt(now).stoppedAt(now)
                            .version(t.version() + 1).build());
                    n++;
                }
            }
            return n;
        });
    }
}
