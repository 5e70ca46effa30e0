package io.dockyard.api.ecs;

import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;

/**
 * How a client names a task definition: {@code family}, {@code family:revision} or the ARN
 * ({@code arn:aws:ecs:region:account:task-definition/family:revision}). {@code revision} is null when
 * only the family is named.
 */
public record TaskDefinitionRef(String family, Integer revision) {

    /** Parses a reference; blank → InvalidParameterException, a malformed revision → ClientException, as ECS answers. */
    public static TaskDefinitionRef parse(String ref) {
        if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("taskDefinition can not be blank.");
        String r = Arns.resource(ref).map(s -> s.startsWith("task-definition/") ? s.substring("task-definition/".length()) : s).orElse(ref);
        int colon = r.lastIndexOf(':');
        if (colon < 0) return new TaskDefinitionRef(r, null);
        String rev = r.substring(colon + 1);
        if (!rev.matches("\\d{1,9}")) throw AwsException.client("Invalid revision number. Number: " + rev);
        return new TaskDefinitionRef(r.substring(0, colon), Integer.parseInt(rev));
    }

    /** The store key of the named revision (only when a revision is named). */
    public String key() { return family + ":" + revision; }
}
