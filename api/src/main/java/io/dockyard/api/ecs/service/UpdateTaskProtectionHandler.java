package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.api.ecs.task.TaskRefs;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskProtection;
import io.dockyard.core.port.Kinds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** UpdateTaskProtection: protected tasks are not stopped by scale-in or deployments until the protection expires. */
public final class UpdateTaskProtectionHandler extends EcsOperation {
    public UpdateTaskProtectionHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<String> refs = Doc.strings(in, "tasks");
        if (refs.isEmpty() || refs.size() > 10) throw AwsException.invalidParameter("tasks must contain between 1 and 10 task ARNs or IDs.");
        Boolean enabled = Doc.bool(in, "protectionEnabled");
        if (enabled == null) throw AwsException.invalidParameter("protectionEnabled can not be null.");
        Integer minutes = Doc.integer(in, "expiresInMinutes");
        if (minutes != null && (minutes < 1 || minutes > 2880)) throw AwsException.invalidParameter("expiresInMinutes must be between 1 and 2880.");
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        List<Object> done = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        ecs.store().atomically(() -> {
            for (String ref : refs) {
                Optional<Task> t = find(ecs, cluster, ref);
                if (t.isEmpty() || t.get().isStopped()) {
                    failures.add(Out.obj().with("arn", ref).with("reason", "TASK_NOT_VALID").with("detail", "The task is not running or does not exist."));
                    continue;
                }
                if (enabled) {
                    var exp = ecs.now().plus(Duration.ofMinutes(minutes == null ? 120 : minutes));
                    ecs.store().put(Kinds.TASK_PROTECTION, new TaskProtection(t.get().taskArn(), exp));
                    done.add(Out.obj().with("taskArn", t.get().taskArn()).with("protectionEnabled", true).with("expirationDate", exp));
                } else {
                    ecs.store().delete(Kinds.TASK_PROTECTION, t.get().taskArn());
                    done.add(Out.obj().with("taskArn", t.get().taskArn()).with("protectionEnabled", false));
                }
            }
            return null;
        });
        return Out.obj().with("protectedTasks", done).with("failures", failures);
    }

    static Optional<Task> find(Ecs ecs, Cluster cluster, String ref) {
        return ecs.store().get(Kinds.TASK, TaskRefs.taskArn(cluster, ref));
    }
}
