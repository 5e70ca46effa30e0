package io.dockyard.api.ecs.task;

import io.dockyard.core.Arns;
import io.dockyard.core.model.Cluster;

/** Tasks and container instances are named by full ARN or by id within the request's cluster. */
public final class TaskRefs {
    private TaskRefs() {}

    /** The task ARN a reference names in this cluster. */
    public static String taskArn(Cluster cluster, String ref) {
        return arn(cluster, ref, "task/");
    }

    /** The container instance ARN a reference names in this cluster. */
    public static String containerInstanceArn(Cluster cluster, String ref) {
        return arn(cluster, ref, "container-instance/");
    }

    private static String arn(Cluster cluster, String ref, String type) {
        if (ref.startsWith("arn:")) {
            String r = Arns.resource(ref).orElse("");
            // old-format ARNs (type/id) name the resource in the request's cluster
            if (r.startsWith(type) && r.indexOf('/', type.length()) < 0) return build(cluster, type, r.substring(type.length()));
            return ref;
        }
        return build(cluster, type, ref);
    }

    private static String build(Cluster cluster, String type, String id) {
        Arns arns = Arns.sameAs(cluster.arn());
        return "task/".equals(type) ? arns.task(cluster.name(), id) : arns.containerInstance(cluster.name(), id);
    }
}
