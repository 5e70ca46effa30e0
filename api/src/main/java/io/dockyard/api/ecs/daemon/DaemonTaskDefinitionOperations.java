package io.dockyard.api.ecs.daemon;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.api.ecs.taskdef.TaskDefinitionDocument;
import io.dockyard.api.ecs.taskdef.TaskDefinitionRules;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RegisterDaemonTaskDefinition, DescribeDaemonTaskDefinition, ListDaemonTaskDefinitions and
 * DeleteDaemonTaskDefinition. A daemon task definition is validated as a task definition is (its
 * containers, cpu, memory, volumes; bridge networking, EC2) and kept in its own kind with its own
 * revision numbers; its tasks resolve it by its {@code daemon-task-definition/…} ARN.
 */
public final class DaemonTaskDefinitionOperations {
    private final Ecs ecs;

    public DaemonTaskDefinitionOperations(Ecs ecs) { this.ecs = ecs; }

    public List<Operation> all() {
        return List.of(NamedOperation.of("RegisterDaemonTaskDefinition", this::register), NamedOperation.of("DescribeDaemonTaskDefinition", this::describe),
                NamedOperation.of("ListDaemonTaskDefinitions", this::list), NamedOperation.of("DeleteDaemonTaskDefinition", this::delete));
    }

    /** The definition named by ARN, {@code family:revision} or {@code family} (its latest ACTIVE revision); ClientException otherwise. */
    static TaskDefinition find(Ecs ecs, String ref) {
        if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("daemonTaskDefinition can not be blank.");
        String r = Arns.resource(ref).map(x -> x.startsWith("daemon-task-definition/") ? x.substring("daemon-task-definition/".length()) : null).orElse(ref);
        if (r == null) throw AwsException.invalidParameter("The daemon task definition ARN is not valid: " + ref);
        if (r.contains(":")) {
            return ecs.store().get(Kinds.DAEMON_TASK_DEFINITION, r).orElseThrow(() -> AwsException.client("Unable to describe daemon task definition."));
        }
        return ecs.store().list(Kinds.DAEMON_TASK_DEFINITION, td -> td.family().equals(r) && "ACTIVE".equals(td.status())).stream()
                .max(Comparator.comparingInt(TaskDefinition::revision)).orElseThrow(() -> AwsException.client("Unable to describe daemon task definition."));
    }

    private Object register(Map<String, Object> in, RequestContext ctx) {
        var tags = Tags.parse(in, "tags");
        Map<String, Object> request = new LinkedHashMap<>(in);
        for (String member : List.of("tags", "networkMode", "requiresCompatibilities", "pidMode", "ipcMode")) request.remove(member);
        Map<String, Object> doc = TaskDefinitionDocument.of(request);
        TaskDefinitionRules.validate(doc);
        ecs.hostSafety().check(doc);
        String family = (String) doc.get("family");
        TaskDefinition td = ecs.store().atomically(() -> {
            int last = ecs.store().list(Kinds.DAEMON_TASK_DEFINITION, t -> t.family().equals(family)).stream().mapToInt(TaskDefinition::revision).max().orElse(0);
            TaskDefinition t = new TaskDefinition(ctx.arns().daemonTaskDefinition(family, last + 1), family, last + 1, "ACTIVE", doc, List.of("EC2"), List.of(),
                    ecs.now(), null, "arn:aws:iam::" + ctx.account() + ":root", tags, false);
            ecs.store().put(Kinds.DAEMON_TASK_DEFINITION, t);
            return t;
        });
        return Out.obj().with("daemonTaskDefinitionArn", td.arn());
    }

    static Out shape(TaskDefinition td) {
        Map<String, Object> doc = td.document();
        return Out.obj()
                .with("daemonTaskDefinitionArn", td.arn())
                .with("family", td.family())
                .with("revision", td.revision())
                .with("taskRoleArn", Doc.str(doc, "taskRoleArn"))
                .with("executionRoleArn", Doc.str(doc, "executionRoleArn"))
                .with("containerDefinitions", Doc.maps(doc, "containerDefinitions"))
                .with("volumes", doc.getOrDefault("volumes", List.of()))
                .with("cpu", doc.get("cpu") == null ? null : String.valueOf(doc.get("cpu")))
                .with("memory", doc.get("memory") == null ? null : String.valueOf(doc.get("memory")))
                .with("status", td.status())
                .with("registeredAt", td.registeredAt())
                .with("deleteRequestedAt", td.deleteRequestedAt())
                .with("registeredBy", td.registeredBy());
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        return Out.obj().with("daemonTaskDefinition", shape(find(ecs, Doc.str(in, "daemonTaskDefinition"))));
    }

    private Object list(Map<String, Object> in, RequestContext ctx) {
        String family = Doc.str(in, "family");
        String prefix = Doc.str(in, "familyPrefix");
        String status = Doc.str(in, "status") == null ? "ACTIVE" : Doc.str(in, "status");
        if (!List.of("ACTIVE", "DELETE_IN_PROGRESS", "ALL").contains(status)) throw AwsException.invalidParameter("Invalid status: " + status);
        boolean lastOnly = "LAST_REGISTERED".equals(Doc.str(in, "revision"));
        boolean desc = "DESC".equals(Doc.str(in, "sort"));
        List<TaskDefinition> all = ecs.store().list(Kinds.DAEMON_TASK_DEFINITION, td -> (family == null || td.family().equals(family))
                && (prefix == null || td.family().startsWith(prefix)) && ("ALL".equals(status) || td.status().equals(status)));
        Comparator<TaskDefinition> order = Comparator.comparing(TaskDefinition::family).thenComparingInt(TaskDefinition::revision);
        List<TaskDefinition> sorted = all.stream().sorted(desc ? order.reversed() : order).toList();
        if (lastOnly) {
            Map<String, TaskDefinition> latest = new LinkedHashMap<>();
            for (TaskDefinition td : sorted) latest.merge(td.family(), td, (a, b) -> a.revision() >= b.revision() ? a : b);
            sorted = List.copyOf(latest.values());
        }
        Pages<TaskDefinition> page = Pages.of(sorted, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        return Out.obj().with("daemonTaskDefinitions", page.items().stream().map(td -> Out.obj().with("arn", td.arn()).with("registeredAt", td.registeredAt())
                .with("registeredBy", td.registeredBy()).with("deleteRequestedAt", td.deleteRequestedAt()).with("status", td.status())).toList())
                .with("nextToken", page.nextToken());
    }

    private Object delete(Map<String, Object> in, RequestContext ctx) {
        TaskDefinition deleted = ecs.store().atomically(() -> {
            TaskDefinition td = find(ecs, Doc.str(in, "daemonTaskDefinition"));
            if (!"ACTIVE".equals(td.status())) throw AwsException.client("The daemon task definition is not ACTIVE.");
            TaskDefinition d = new TaskDefinition(td.arn(), td.family(), td.revision(), "DELETE_IN_PROGRESS", td.document(), td.compatibilities(),
                    td.requiresAttributes(), td.registeredAt(), ecs.now(), td.registeredBy(), td.tags(), false, ecs.now());
            ecs.store().put(Kinds.DAEMON_TASK_DEFINITION, d);
            return d;
        });
        return Out.obj().with("daemonTaskDefinitionArn", deleted.arn());
    }
}
