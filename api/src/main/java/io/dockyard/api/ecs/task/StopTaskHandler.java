package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;

import java.time.Instant;
import java.util.Map;

/**
 * StopTask: desired STOPPED with stopCode UserInitiated; the agent stops the containers and reports
 * STOPPED. A task no agent has picked up yet (PROVISIONING) stops at once.
 */
public final class StopTaskHandler extends EcsOperation {
    static final String DEFAULT_REASON = "Task stopped by user";

    public StopTaskHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        String ref = Doc.str(in, "task");
        if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("Task can not be blank.");
        String reason = Doc.str(in, "reason");
        if (reason != null && reason.length() > 255) throw AwsException.invalidParameter("Reason can be at most 255 characters.");
        String arn = TaskRefs.taskArn(cluster, ref);
        Instant now = ecs.now();
        Task stopped = ecs.store().atomically(() -> {
            Task t = ecs.store().get(Kinds.TASK, arn).filter(x -> x.clusterArn().equals(cluster.arn()))
                    .orElseThrow(() -> AwsException.invalidParameter("The referenced task was not found."));
            if (t.isStopped() || "STOPPED".equals(t.desiredStatus())) return t;
            Task s = stop(t, reason == null || reason.isEmpty() ? DEFAULT_REASON : reason, now);
            ecs.store().put(Kinds.TASK, s);
            return s;
        });
        return Out.obj().with("task", TaskShapes.task(stopped, true));
    }

    /** The task with desired STOPPED; straight to STOPPED when no agent has reported on it yet. */
    static Task stop(Task t, String reason, Instant now) {
        Task.Builder b = t.toBuilder()
                .desiredStatus("STOPPED")
                .stopCode("UserInitiated")
                .stoppedReason(reason)
                .stoppingAt(t.stoppingAt() == null ? now : t.stoppingAt())
                .version(t.version() + 1);
        if ("PROVISIONING".equals(t.lastStatus())) {
            b.lastStatus("STOPPED").stoppedAt(now).executionStoppedAt(now)
                    .containers(t.containers().stream().map(c -> c.toBuilder().lastStatus("STOPPED").build()).toList());
        }
        return b.build();
    }
}
