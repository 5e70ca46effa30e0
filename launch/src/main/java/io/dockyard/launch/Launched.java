package io.dockyard.launch;

import io.dockyard.core.model.Task;
import io.dockyard.scheduler.FailureMessages;
import io.dockyard.scheduler.Plan;
import io.dockyard.scheduler.Reasons;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a launch: the tasks stored (in placement order) and the scheduler's failures (ECS
 * {@code failures}: instance ARN, reason such as RESOURCE:MEMORY, detail).
 */
public record Launched(List<Task> tasks, List<Plan.Failure> failures) {

    public Launched {
        tasks = List.copyOf(tasks);
        failures = List.copyOf(failures);
    }

    public static Launched failed(Plan.Failure f) { return new Launched(List.of(), List.of(f)); }

    /** Whether the cluster had no ACTIVE container instance at all (RunTask answers InvalidParameterException). */
    public boolean noContainerInstances() {
        return tasks.isEmpty() && failures.size() == 1 && Reasons.NO_CONTAINER_INSTANCES.equals(failures.getFirst().reason());
    }

    /** The service event for tasks of {@code serviceName} that could not be placed ({@link FailureMessages}). */
    public String unableToPlace(String serviceName) { return FailureMessages.serviceEvent(serviceName, failures); }

    Launched merge(Launched o) {
        List<Task> t = new ArrayList<>(tasks);
        t.addAll(o.tasks);
        List<Plan.Failure> f = new ArrayList<>(failures);
        f.addAll(o.failures);
        return new Launched(t, f);
    }
}
