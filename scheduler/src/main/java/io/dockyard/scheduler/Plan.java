package io.dockyard.scheduler;

import java.util.List;

/**
 * The scheduler's answer: one container instance ARN per task placed (in order), and the failures
 * ECS reports ({@code arn} of the instance, {@code reason} from {@link Reasons} such as
 * RESOURCE:MEMORY). When the cluster has no ACTIVE instance the one failure has no ARN, reason
 * {@link Reasons#NO_CONTAINER_INSTANCES} and the ECS message as detail: RunTask answers that with
 * an InvalidParameterException carrying the message.
 */
public record Plan(List<String> placements, List<Failure> failures) {

    /** A placement failure as ECS reports it in RunTask/StartTask {@code failures}. */
    public record Failure(String arn, String reason, String detail) {}

    public Plan {
        placements = List.copyOf(placements);
        failures = List.copyOf(failures);
    }

    /** The plan for a cluster without any ACTIVE container instance. */
    public static Plan noContainerInstances() {
        return new Plan(List.of(), List.of(new Failure(null, Reasons.NO_CONTAINER_INSTANCES, Reasons.NO_CONTAINER_INSTANCES_MESSAGE)));
    }

    /** Whether the cluster had no ACTIVE container instance to place on. */
    public boolean hasNoContainerInstances() {
        return failures.size() == 1 && Reasons.NO_CONTAINER_INSTANCES.equals(failures.getFirst().reason());
    }
}
