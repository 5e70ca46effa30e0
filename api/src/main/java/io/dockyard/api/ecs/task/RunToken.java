package io.dockyard.api.ecs.task;

import io.dockyard.core.port.Kind;
import io.dockyard.scheduler.Plan;

import java.time.Instant;
import java.util.List;

/** A RunTask {@code clientToken} already used: the request it came with and the tasks it made. */
public record RunToken(String key, int requestHash, List<String> taskArns, List<Plan.Failure> failures, Instant createdAt) {
    public static final Kind<RunToken> KIND = Kind.of("ecs.run-task-token", RunToken.class, RunToken::key);
}
