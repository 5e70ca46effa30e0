package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.launch.LaunchTypes;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * ListTasks: a cluster's task ARNs, filtered by family, startedBy, desiredStatus (RUNNING unless
 * given), launchType, containerInstance and serviceName; at most 100 a page.
 */
public final class ListTasksHandler extends EcsOperation {
    private static final Set<String> DESIRED = Set.of("RUNNING", "PENDING", "STOPPED");

    public ListTasksHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        String desired = Doc.str(in, "desiredStatus");
        if (desired == null) desired = "RUNNING";
        if (!DESIRED.contains(desired)) throw AwsException.invalidParameter("desiredStatus should be one of [RUNNING,PENDING,STOPPED].");
        String launchType = Doc.str(in, "launchType");
        if (launchType != null && !LaunchTypes.LAUNCH_TYPES.contains(launchType)) throw AwsException.invalidParameter("launchType should be one of [EC2,FARGATE,EXTERNAL].");
        String family = Doc.str(in, "family");
        String startedBy = Doc.str(in, "startedBy");
        String instance = Doc.str(in, "containerInstance");
        String instanceArn = instance == null ? null : TaskRefs.containerInstanceArn(cluster, instance);
        String service = Doc.str(in, "serviceName");
        String serviceName = service == null ? null : Arns.lastSegment(service);

        String want = desired;
        Predicate<Task> filter = t -> t.clusterArn().equals(cluster.arn()) && want.equals(t.desiredStatus())
                && (family == null || family.equals(family(t)))
                && (startedBy == null || startedBy.equals(t.startedBy()))
                && (launchType == null || launchType.equals(t.launchType()))
                && (instanceArn == null || instanceArn.equals(t.containerInstanceArn()))
                && (serviceName == null || serviceName.equals(t.serviceName()));
        var arns = ecs.store().list(Kinds.TASK, filter).stream().map(Task::taskArn).toList();
        var page = Pages.of(arns, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        return Out.obj().with("taskArns", page.items()).with("nextToken", page.nextToken());
    }

    private static String family(Task t) {
        String r = Arns.lastSegment(t.taskDefinitionArn());
        int colon = r.lastIndexOf(':');
        return colon < 0 ? r : r.substring(0, colon);
    }
}
