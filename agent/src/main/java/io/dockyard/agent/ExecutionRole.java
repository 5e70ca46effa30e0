package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.model.Task;
import io.dockyard.protocol.sigv4.Key;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The task execution role, as the ECS agent uses it: in secure mode what the agent does for a task before it starts (reading
 * its {@code secrets}, pulling its images, shipping its {@code awslogs} output) is signed with a session of the task's
 * {@code executionRoleArn}, so the role's policies decide, not the agent's own key. In local mode (the agent does not sign)
 * nothing changes.
 */
final class ExecutionRole {
    static final String PREFIX = TaskSecrets.PREFIX;

    private ExecutionRole() {}

    /** The execution role of the task: the override's, else the task definition's; null when none. */
    static String arn(Task task, Map<String, Object> taskDefinition) {
        String o = task.overrides() != null ? task.overrides().executionRoleArn() : null;
        if (o != null && !o.isBlank()) return o;
        return taskDefinition.get("executionRoleArn") instanceof String r && !r.isBlank() ? r : null;
    }

    /**
     * The key to read the task's secrets with: null (the agent's own key) in local mode or when there are none; else a
     * session of the execution role. A missing role or one that cannot be assumed stops the task with ECS's text.
     */
    static Key forSecrets(ControlPlane cp, boolean needed, Task task, String instanceArn, Map<String, Object> taskDefinition) {
        if (!needed || !cp.secure()) return null;
        return session(cp, task, instanceArn, taskDefinition, PREFIX + "unable to retrieve secrets: AccessDeniedException: the task definition "
                + "has no executionRoleArn to read its secrets with");
    }

    /**
     * The identity that ships the task's awslogs output, as the ECS agent on EC2 does it: a session of the execution role
     * when the task has one (renewed before it expires), else null — the agent's own key, the container instance's role.
     * Null in local mode.
     */
    static Supplier<Key> forLogs(ControlPlane cp, Task task, String instanceArn, Map<String, Object> taskDefinition) {
        if (!cp.secure() || arn(task, taskDefinition) == null) return null;
        return new Renewing(cp, task, instanceArn, taskDefinition);
    }

    /** A session of the execution role assumed on first use and again when it has less than {@link #RENEW_BEFORE} left. */
    static final class Renewing implements Supplier<Key> {
        static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
        private final ControlPlane cp;
        private final Task task;
        private final String instanceArn;
        private final Map<String, Object> taskDefinition;
        private Key key;

        Renewing(ControlPlane cp, Task task, String instanceArn, Map<String, Object> taskDefinition) {
            this.cp = cp;
            this.task = task;
            this.instanceArn = instanceArn;
            this.taskDefinition = taskDefinition;
        }

        /** The current session; a SetupError (with ECS's text) when the role cannot be assumed and no valid session is held. */
        @Override
        public synchronized Key get() {
            Instant now = Instant.now();
            if (key == null || key.expiresAt() == null || key.expiresAt().isBefore(now.plus(RENEW_BEFORE))) {
                try {
                    key = session(cp, task, instanceArn, taskDefinition, PREFIX + "the task has no executionRoleArn");
                } catch (ContainerPlan.SetupError e) {
                    if (key == null || key.expiresAt() == null || !key.expiresAt().isAfter(now)) throw e;
                }
            }
            return key;
        }
    }

    /** A session of the task's execution role; a SetupError with {@code missing} when the task has none. */
    static Key session(ControlPlane cp, Task task, String instanceArn, Map<String, Object> taskDefinition, String missing) {
        String role = arn(task, taskDefinition);
        if (role == null) throw new ContainerPlan.SetupError(missing);
        try {
            JsonNode n = cp.credentials(task.taskArn(), instanceArn, role);
            return new Key(n.path("accessKeyId").asText(), n.path("secretAccessKey").asText(), n.path("token").asText(null),
                    Instant.parse(n.path("expiration").asText()), null);
        } catch (ControlPlane.HttpError e) {
            throw new ContainerPlan.SetupError(PREFIX + "unable to assume the execution role " + role + ": AccessDeniedException: " + e.awsMessage());
        } catch (IOException e) {
            throw new ContainerPlan.SetupError(PREFIX + "unable to assume the execution role " + role + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerPlan.SetupError(PREFIX + "interrupted");
        }
    }
}
