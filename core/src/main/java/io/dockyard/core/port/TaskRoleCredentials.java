package io.dockyard.core.port;

import java.time.Instant;

/**
 * Temporary credentials for a task's role, as ECS hands them to a task: a session of the role (named after the task) that
 * the control plane assumes as the {@code ecs-tasks.amazonaws.com} service, within the role's trust policy.
 */
public interface TaskRoleCredentials {
    /** What the credentials endpoint answers (ECS's shape). */
    record Issued(String roleArn, String accessKeyId, String secretAccessKey, String token, Instant expiration) {
        @Override
        public String toString() { return "Issued[" + roleArn + ", " + accessKeyId + ", expires " + expiration + "]"; }
    }

    /** Credentials of {@code roleArn} for the task {@code taskId}; an {@link io.dockyard.core.AwsException} when the role cannot be assumed. */
    Issued issue(String roleArn, String taskId);
}
