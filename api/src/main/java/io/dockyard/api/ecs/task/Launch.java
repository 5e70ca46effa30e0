package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.protocol.Out;
import io.dockyard.core.AwsException;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.scheduler.Plan;
import io.dockyard.scheduler.Reasons;
import io.dockyard.scheduler.PlacementRequest;
import io.dockyard.scheduler.Scheduler;
import io.dockyard.scheduler.Snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates the tasks of one RunTask/StartTask call. Callers run it inside {@code store.atomically}, so
 * the snapshot the scheduler sees and the tasks written form one transaction: two concurrent calls
 * never overcommit an instance.
 */
final class Launch {
    private static final Scheduler SCHEDULER = new Scheduler();

    /** The tasks created and the ECS {@code failures}. */
    record Result(List<Task> tasks, List<Map<String, Object>> failures) {
        Result merge(Result o) {
            List<Task> t = new ArrayList<>(tasks);
            t.addAll(o.tasks);
            List<Map<String, Object>> f = new ArrayList<>(failures);
            f.addAll(o.failures);
            return new Result(t, f);
        }
    }

    private Launch() {}

    /**
     * Places {@code count} tasks with the scheduler on the snapshot's instances and stores them.
     * {@code named}: StartTask's one named instance, whose not being ACTIVE is a failure, not an error.
     */
    static Result placed(Ecs ecs, RunSpec run, Snapshot snapshot, boolean named, int count,
                         List<Map<String, Object>> constraints, List<Map<String, Object>> strategy, Instant now) {
        PlacementRequest request = new PlacementRequest(TaskDemand.of(run.spec(), run.overrides()), count, run.group(),
                run.taskDefinition().family(), constraints, strategy);
        Plan plan = SCHEDULER.place(snapshot, request);
        if (plan.hasNoContainerInstances()) {
            if (!named) throw AwsException.invalidParameter(Reasons.NO_CONTAINER_INSTANCES_MESSAGE);
            return new Result(List.of(), List.of(failure(snapshot.instances().get(0).arn(), Reasons.INACTIVE, null)));
        }
        List<Task> tasks = new ArrayList<>();
        for (String arn : plan.placements()) {
            ContainerInstance instance = snapshot.instances().stream().filter(i -> i.arn().equals(arn)).findFirst().orElseThrow();
            Task t = NewTasks.create(run, instance, ecs.availabilityZone(), now);
            ecs.store().put(Kinds.TASK, t);
            tasks.add(t);
        }
        List<Map<String, Object>> failures = new ArrayList<>();
        for (Plan.Failure f : plan.failures()) failures.add(failure(f.arn(), f.reason(), f.detail()));
        return new Result(tasks, failures);
    }

    /** FARGATE tasks: no instance to place on; the control plane's Fargate runner picks them up. */
    static Result fargate(Ecs ecs, RunSpec run, int count, Instant now) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Task t = NewTasks.create(run, null, ecs.availabilityZone(), now);
            ecs.store().put(Kinds.TASK, t);
            tasks.add(t);
        }
        return new Result(tasks, List.of());
    }

    static Map<String, Object> failure(String arn, String reason, String detail) {
        return Out.obj().with("arn", arn).with("reason", reason).with("detail", detail);
    }
}
