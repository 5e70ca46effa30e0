package io.dockyard.api.agent;

import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies what an agent reports to a task, only forward along the ECS lifecycle: a stale report never
 * moves the task (or a container) back. Facts the task already has (timestamps, a user's stop reason)
 * are kept; new ones are merged. Returns the same instance when nothing changed.
 * <p>Idempotent: a sequenced report (see {@link TaskReport#sequence()}) whose sequence is not above the
 * task's {@code reportSequence} was applied already, or is older than one that was (a copy retried
 * after a failover, or one a slow control plane handles late): it changes nothing.
 */
public final class TaskReports {
    private static final List<String> CONTAINER_ORDER = List.of("PENDING", "RUNNING", "STOPPED");

    private TaskReports() {}

    /** The task after the report; {@code version} bumped only if something changed. */
    public static Task apply(Task t, TaskReport r, Instant now) {
        if (r.sequence() > 0 && r.sequence() <= t.reportSequence()) return t;
        TaskStatus current = t.status();
        TaskStatus reported = r.lastStatus() == null ? current : status(r.lastStatus());
        TaskStatus next = reported.isAfter(current) ? reported : current;
        boolean fresh = !current.isAfter(reported);

        Task.Builder b = t.toBuilder()
                .lastStatus(next.name())
                .containers(containers(t.containers(), r.containers()))
                .attachments(attachments(t.attachments(), r.attachments()))
                .pullStartedAt(first(t.pullStartedAt(), r.pullStartedAt()))
                .pullStoppedAt(first(t.pullStoppedAt(), r.pullStoppedAt()))
                .connectivityAt(first(t.connectivityAt(), r.connectivityAt()))
                .stopCode(first(t.stopCode(), r.stopCode()))
                .stoppedReason(first(t.stoppedReason(), r.stoppedReason()));
        if (fresh && r.healthStatus() != null) b.healthStatus(r.healthStatus());
        Instant startedAt = first(t.startedAt(), r.startedAt());
        if (startedAt == null && next == TaskStatus.RUNNING) startedAt = now;
        b.startedAt(startedAt);
        if (next.ordinal() >= TaskStatus.DEACTIVATING.ordinal() && t.stoppingAt() == null) b.stoppingAt(now);
        if (next == TaskStatus.STOPPED) {
            b.desiredStatus("STOPPED")
                    .stoppedAt(first(t.stoppedAt(), now))
                    .executionStoppedAt(first(t.executionStoppedAt(), first(r.executionStoppedAt(), now)));
            b.containers(containers(t.containers(), r.containers()).stream()
                    .map(c -> "STOPPED".equals(c.lastStatus()) ? c : c.toBuilder().lastStatus("STOPPED").build()).toList());
        } else if (r.executionStoppedAt() != null && t.executionStoppedAt() == null) {
            b.executionStoppedAt(r.executionStoppedAt());
        }
        Task merged = b.build();
        return merged.equals(t) ? t : merged.toBuilder().version(t.version() + 1).reportSequence(Math.max(t.reportSequence(), r.sequence())).build();
    }

    /** A reported task status; anything else (DELETED, unknown) is refused. */
    static TaskStatus status(String s) {
        TaskStatus st;
        try {
            st = TaskStatus.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown lastStatus " + s);
        }
        if (st == TaskStatus.DELETED) throw new IllegalArgumentException("agents cannot report DELETED");
        return st;
    }

    private static List<Container> containers(List<Container> current, List<Container> reported) {
        if (reported == null || reported.isEmpty()) return current;
        List<Container> out = new ArrayList<>(current.size());
        for (Container c : current) {
            Container rc = reported.stream().filter(x -> c.name().equals(x.name())
                    || (x.containerArn() != null && x.containerArn().equals(c.containerArn()))).findFirst().orElse(null);
            out.add(rc == null ? c : container(c, rc));
        }
        return out;
    }

    private static Container container(Container c, Container r) {
        return c.toBuilder()
                .lastStatus(forward(c.lastStatus(), r.lastStatus()))
                .exitCode(first(r.exitCode(), c.exitCode()))
                .reason(first(r.reason(), c.reason()))
                .networkBindings(r.networkBindings() == null || r.networkBindings().isEmpty() ? c.networkBindings() : r.networkBindings())
                .networkInterfaces(r.networkInterfaces() == null || r.networkInterfaces().isEmpty() ? c.networkInterfaces() : r.networkInterfaces())
                .runtimeId(first(r.runtimeId(), c.runtimeId()))
                .imageDigest(first(r.imageDigest(), c.imageDigest()))
                .healthStatus(first(r.healthStatus(), c.healthStatus()))
                .build();
    }

    private static String forward(String current, String reported) {
        if (reported == null) return current;
        if (current == null) return reported;
        int ci = CONTAINER_ORDER.indexOf(current), ri = CONTAINER_ORDER.indexOf(reported);
        return ri > ci ? reported : current;
    }

    private static List<Map<String, Object>> attachments(List<Map<String, Object>> current, List<Map<String, Object>> reported) {
        if (reported == null || reported.isEmpty()) return current;
        List<Map<String, Object>> out = new ArrayList<>(current);
        for (Map<String, Object> a : reported) {
            Object id = a.get("id");
            int at = -1;
            for (int i = 0; i < out.size(); i++) if (id != null && Objects.equals(out.get(i).get("id"), id)) at = i;
            if (at >= 0) out.set(at, a); else out.add(a);
        }
        return out;
    }

    private static <T> T first(T a, T b) { return a != null ? a : b; }
}
