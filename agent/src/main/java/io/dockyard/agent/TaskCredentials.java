package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task role credentials as the ECS agent keeps them: fetched from the control plane (a session of the role it assumes for
 * the task), kept in memory only, fetched again once less than 15 minutes of them are left, dropped with the task.
 */
final class TaskCredentials {
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(15);

    /** ECS's credentials document. */
    record Issued(String roleArn, String accessKeyId, String secretAccessKey, String token, Instant expiration) {
        Map<String, Object> document() {
            return Map.of("RoleArn", roleArn, "AccessKeyId", accessKeyId, "SecretAccessKey", secretAccessKey, "Token", token,
                    "Expiration", expiration.toString());
        }

        @Override
        public String toString() { return "Issued[" + roleArn + ", " + accessKeyId + "]"; }
    }

    private final ControlPlane controlPlane;
    private final Map<String, Issued> cache = new ConcurrentHashMap<>();

    TaskCredentials(ControlPlane controlPlane) { this.controlPlane = controlPlane; }

    Issued get(String taskArn, String instanceArn, String roleArn) throws IOException, InterruptedException {
        String key = taskArn + "|" + roleArn;
        Issued i = cache.get(key);
        if (i != null && i.expiration().isAfter(Instant.now().plus(REFRESH_BEFORE))) return i;
        JsonNode n = controlPlane.credentials(taskArn, instanceArn, roleArn);
        Issued fresh = new Issued(n.path("roleArn").asText(roleArn), n.path("accessKeyId").asText(), n.path("secretAccessKey").asText(),
                n.path("token").asText(), Instant.parse(n.path("expiration").asText()));
        cache.put(key, fresh);
        return fresh;
    }

    void forget(String taskArn) { cache.keySet().removeIf(k -> k.startsWith(taskArn + "|")); }
}
