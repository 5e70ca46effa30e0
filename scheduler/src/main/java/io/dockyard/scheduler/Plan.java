package io.dockyard.scheduler;

import java.util.List;

/**
 * The scheduler's answer: one container instance ARN per task placed (in order), and the failures
 * ECS reports ({@code arn} of the instance or cluster, {@code reason} such as RESOURCE:MEMORY).
 */
public record Plan(List<String> placements, List<Failure> failures) {

    /** A placement failure as ECS reports it in RunTask/StartTask {@code failures}. */
    public record Failure(String arn, String reason, String detail) {}

    public Plan {
        placements = List.copyOf(placements);
        failures = List.copyOf(failures);
    }
}
