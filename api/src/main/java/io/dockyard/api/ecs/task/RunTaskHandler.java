package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.launch.LaunchRequest;
import io.dockyard.launch.Launched;
import io.dockyard.scheduler.Reasons;
import io.dockyard.scheduler.Scheduler;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import io.dockyard.launch.CapacityProviders;
import io.dockyard.launch.LaunchTypes;
import java.util.Map;
import java.util.Objects;

/**
 * RunTask: validates, launches {@code count} tasks through the application layer (placed by the
 * scheduler; FARGATE needs no instance) and wakes the agents. A repeated {@code clientToken} returns
 * the tasks it made.
 */
public final class RunTaskHandler extends EcsOperation {
    public RunTaskHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        Integer count = Doc.integer(in, "count");
        int n = count == null ? 1 : count;
        if (n < 1 || n > 10) throw AwsException.invalidParameter("count must be between 1 and 10.");
        List<Map<String, Object>> constraints = Doc.maps(in, "placementConstraints");
        List<Map<String, Object>> strategy = Doc.maps(in, "placementStrategy");
        LaunchRequest run = RunSpec.parse(ecs, cluster, in, false, new LaunchRequest.Scheduled(n, constraints, strategy));
        List<CapacityProviders.Item> providers = LaunchTypes.resolve(Doc.str(in, "launchType"), Doc.maps(in, "capacityProviderStrategy"), cluster).strategy();
        Scheduler.validate(constraints, strategy);
        String token = Doc.str(in, "clientToken");
        if (token != null && (token.isEmpty() || token.length() > 64)) throw AwsException.invalidParameter("clientToken must be between 1 and 64 characters.");
        Instant now = ecs.now();

        Launched result = token == null ? launch(run, providers) : ecs.store().atomically(() -> {
            RunToken used = ecs.store().get(RunToken.KIND, cluster.arn() + "/" + token).orElse(null);
            if (used != null) return replay(used, requestHash(in));
            Launched r = launch(run, providers);
            ecs.store().put(RunToken.KIND, new RunToken(cluster.arn() + "/" + token, requestHash(in),
                    r.tasks().stream().map(Task::taskArn).toList(), r.failures(), now));
            return r;
        });
        return Out.obj()
                .with("tasks", result.tasks().stream().map(t -> TaskShapes.task(t, true)).toList())
                .with("failures", result.failures().stream().map(TaskShapes::failure).toList());
    }

    private Launched launch(LaunchRequest run, List<CapacityProviders.Item> providers) {
        Launched r = ecs.launches().launch(run, providers, Map.of());
        if (r.noContainerInstances()) throw AwsException.invalidParameter(Reasons.NO_CONTAINER_INSTANCES_MESSAGE);
        return r;
    }

    private Launched replay(RunToken used, int hash) {
        if (used.requestHash() != hash) {
            throw new AwsException("ConflictException", 400, "The RunTask request could not be processed due to conflicts. "
                    + "The provided clientToken is already in use with a different RunTask request. The resourceIds are the existing task ARNs which are already associated with the clientToken.");
        }
        List<Task> tasks = used.taskArns().stream().map(a -> ecs.store().get(Kinds.TASK, a).orElse(null)).filter(Objects::nonNull).toList();
        return new Launched(tasks, used.failures());
    }

    private static int requestHash(Map<String, Object> in) {
        Map<String, Object> copy = new HashMap<>(in);
        copy.remove("clientToken");
        return Json.write(new java.util.TreeMap<>(copy)).hashCode();
    }
}
