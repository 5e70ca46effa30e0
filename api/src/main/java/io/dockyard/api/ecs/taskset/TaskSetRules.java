package io.dockyard.api.ecs.taskset;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.service.ServiceRules;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskSet;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.RequestContext;

import java.util.Map;

/** Lookups and checks shared by the task set operations, with ECS's errors. */
final class TaskSetRules {
    private TaskSetRules() {}

    /** The ACTIVE service of the request's cluster and {@code service}, which must use task sets (EXTERNAL or CODE_DEPLOY). */
    static Service service(Ecs ecs, RequestContext ctx, Map<String, Object> in) {
        if (Doc.str(in, "cluster") == null || Doc.str(in, "cluster").isBlank()) throw AwsException.invalidParameter("cluster can not be blank.");
        Cluster cluster = ServiceRules.cluster(ecs, ctx, in);
        Service s = ServiceRules.active(ecs, cluster, Doc.str(in, "service"));
        if (!s.usesTaskSets()) {
            throw AwsException.invalidParameter("Amazon ECS only supports task set management on services configured to use external deployment controllers.");
        }
        return s;
    }

    /** The task set of the service named by id or ARN (DRAINING ones included); TaskSetNotFoundException otherwise. */
    static TaskSet find(Ecs ecs, Service s, String ref) {
        if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("taskSet can not be blank.");
        String id = ref.startsWith("arn:") ? idOf(ref) : ref;
        return ecs.store().list(Kinds.TASK_SETS_BY_SERVICE, s.arn()).stream().filter(t -> t.id().equals(id) || t.arn().equals(ref)).findFirst()
                .orElseThrow(() -> new AwsException("TaskSetNotFoundException", 400, "The specified task set does not exist."));
    }

    /** {@code ecs-svc/123} from {@code arn:…:task-set/cluster/service/ecs-svc/123}. */
    private static String idOf(String arn) {
        String r = Arns.resource(arn).orElse(arn);
        String[] parts = r.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : r;
    }

    /** A task set's scale: {value 0–100, unit PERCENT}. */
    static double scale(Map<String, Object> scale, double absent) {
        if (scale == null) return absent;
        String unit = Doc.str(scale, "unit");
        if (unit != null && !"PERCENT".equals(unit)) throw AwsException.invalidParameter("Invalid value for scale unit: " + unit + ". Valid values: PERCENT.");
        Object v = scale.get("value");
        if (v == null) return absent;
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) throw AwsException.invalidParameter("The scale value must be a number.");
        double d = n.doubleValue();
        if (d < 0 || d > 100) throw AwsException.invalidParameter("The scale value must be between 0 and 100.");
        return d;
    }
}
