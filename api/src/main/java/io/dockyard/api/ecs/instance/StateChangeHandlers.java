package io.dockyard.api.ecs.instance;

import io.dockyard.api.agent.TaskReports;
import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.api.ecs.task.TaskRefs;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.NetworkBinding;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent-facing state changes of the ECS API (SubmitTaskStateChange, SubmitContainerStateChange,
 * SubmitAttachmentStateChanges): what an agent that speaks the AWS API instead of Dockyard's agent
 * protocol reports. Each is applied as an agent's report is, forward only along the ECS lifecycle
 * ({@link TaskReports}): a report of an older state never moves a task or a container back.
 */
public final class StateChangeHandlers {
    static final String ACK = "ACK";

    private StateChangeHandlers() {}

    public static List<Operation> all(Ecs ecs) {
        return List.of(new SubmitTask(ecs), new SubmitContainer(ecs), new SubmitAttachments(ecs));
    }

    /** SubmitTaskStateChange: the task's status, its containers' and attachments' states and its timestamps. */
    static final class SubmitTask extends EcsOperation {
        SubmitTask(Ecs ecs) { super(ecs); }

        @Override public String name() { return "SubmitTaskStateChange"; }

        @Override
        public Object handle(Map<String, Object> in, RequestContext ctx) {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
            String status = status(Doc.str(in, "status"), TASK_STATUSES);
            List<Container> containers = new ArrayList<>();
            for (Map<String, Object> c : Doc.maps(in, "containers")) containers.add(container(c, Doc.str(c, "containerName")));
            List<Map<String, Object>> attachments = attachments(Doc.maps(in, "attachments"));
            apply(ecs, cluster, Doc.str(in, "task"), t -> new TaskReport(t.taskArn(), t.containerInstanceArn(), status, containers, merged(t, attachments),
                    null, null, Doc.str(in, "reason"), time(in, "pullStartedAt"), time(in, "pullStoppedAt"), null, time(in, "executionStoppedAt"), null));
            return Out.obj().with("acknowledgment", ACK);
        }
    }

    /** SubmitContainerStateChange: one container's status, exit code, reason and port bindings. */
    static final class SubmitContainer extends EcsOperation {
        SubmitContainer(Ecs ecs) { super(ecs); }

        @Override public String name() { return "SubmitContainerStateChange"; }

        @Override
        public Object handle(Map<String, Object> in, RequestContext ctx) {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
            String name = Doc.str(in, "containerName");
            if (name == null || name.isBlank()) throw AwsException.invalidParameter("containerName can not be blank.");
            Container c = container(in, name);
            apply(ecs, cluster, Doc.str(in, "task"), t -> {
                if (t.containers().stream().noneMatch(x -> name.equals(x.name()))) {
                    throw AwsException.invalidParameter("The task " + t.taskArn() + " has no container named " + name + ".");
                }
                return new TaskReport(t.taskArn(), t.containerInstanceArn(), null, List.of(c), List.of(), null, null, null, null, null, null, null, null);
            });
            return Out.obj().with("acknowledgment", ACK);
        }
    }

    /** SubmitAttachmentStateChanges: the status of attachments (by ARN) of the cluster's tasks. */
    static final class SubmitAttachments extends EcsOperation {
        SubmitAttachments(Ecs ecs) { super(ecs); }

        @Override public String name() { return "SubmitAttachmentStateChanges"; }

        @Override
        public Object handle(Map<String, Object> in, RequestContext ctx) {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
            if (!in.containsKey("attachments")) throw AwsException.invalidParameter("attachments can not be null.");
            for (Map<String, Object> a : attachments(Doc.maps(in, "attachments"))) {
                String id = (String) a.get("id");
                Task owner = ecs.store().list(Kinds.TASK, t -> t.clusterArn().equals(cluster.arn())
                                && t.attachments().stream().anyMatch(x -> id.equals(x.get("id")))).stream().findFirst()
                        .orElseThrow(() -> AwsException.invalidParameter("The attachment " + a.get("attachmentArn") + " was not found."));
                apply(ecs, cluster, owner.taskArn(), t -> new TaskReport(t.taskArn(), t.containerInstanceArn(), null, List.of(), merged(t, List.of(a)),
                        null, null, null, null, null, null, null, null));
            }
            return Out.obj().with("acknowledgment", ACK);
        }
    }

    private static final List<String> TASK_STATUSES = List.of("PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED");
    private static final List<String> CONTAINER_STATUSES = List.of("PENDING", "RUNNING", "STOPPED");

    /** Applies the report the task gives rise to, atomically, forward only. */
    private static void apply(Ecs ecs, Cluster cluster, String ref, java.util.function.Function<Task, TaskReport> report) {
        if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("task can not be blank.");
        String arn = TaskRefs.taskArn(cluster, ref);
        ecs.store().atomically(() -> {
            Task t = ecs.store().get(Kinds.TASK, arn).filter(x -> x.clusterArn().equals(cluster.arn()))
                    .orElseThrow(() -> AwsException.invalidParameter("The referenced task was not found."));
            Task merged = TaskReports.apply(t, report.apply(t), ecs.now());
            if (merged != t) ecs.store().put(Kinds.TASK, merged);
            return merged;
        });
    }

    private static String status(String s, List<String> allowed) {
        if (s == null) return null;
        if (!allowed.contains(s)) throw AwsException.invalidParameter("Invalid status " + s + ". Valid values: " + String.join(", ", allowed) + ".");
        return s;
    }

    private static Container container(Map<String, Object> c, String name) {
        List<NetworkBinding> bindings = new ArrayList<>();
        for (Map<String, Object> b : Doc.maps(c, "networkBindings")) {
            Integer cp = Doc.integer(b, "containerPort"), hp = Doc.integer(b, "hostPort");
            String protocol = Doc.str(b, "protocol");
            bindings.add(new NetworkBinding(Doc.str(b, "bindIP"), cp == null ? 0 : cp, hp == null ? 0 : hp, protocol == null ? "tcp" : protocol));
        }
        return new Container.Builder().name(name).runtimeId(Doc.str(c, "runtimeId")).imageDigest(Doc.str(c, "imageDigest"))
                .lastStatus(status(Doc.str(c, "status"), CONTAINER_STATUSES)).exitCode(Doc.integer(c, "exitCode"))
                .reason(Doc.str(c, "reason")).networkBindings(bindings).networkInterfaces(List.of()).build();
    }

    /** Attachments as tasks keep them ({@code id} is the last segment of the attachment ARN). */
    private static List<Map<String, Object>> attachments(List<Map<String, Object>> in) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> a : in) {
            String arn = Doc.str(a, "attachmentArn"), st = Doc.str(a, "status");
            if (arn == null || arn.isBlank()) throw AwsException.invalidParameter("attachmentArn can not be blank.");
            if (st == null || st.isBlank()) throw AwsException.invalidParameter("status can not be blank.");
            out.add(Map.of("id", arn.substring(arn.lastIndexOf('/') + 1), "attachmentArn", arn, "status", st));
        }
        return out;
    }

    /** The task's attachments named in a report, with the reported status (an attachment the task does not have is refused). */
    private static List<Map<String, Object>> merged(Task t, List<Map<String, Object>> reported) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> a : reported) {
            Map<String, Object> current = t.attachments().stream().filter(x -> a.get("id").equals(x.get("id"))).findFirst()
                    .orElseThrow(() -> AwsException.invalidParameter("The attachment " + a.get("attachmentArn") + " was not found."));
            Map<String, Object> next = new java.util.LinkedHashMap<>(current);
            next.put("status", a.get("status"));
            out.add(next);
        }
        return out;
    }

    private static Instant time(Map<String, Object> in, String key) {
        Double d = Doc.number(in, key);
        return d == null ? null : Instant.ofEpochMilli(Math.round(d * 1000));
    }
}
