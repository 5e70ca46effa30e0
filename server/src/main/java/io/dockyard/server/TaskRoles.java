package io.dockyard.server;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.TaskRoleCredentials;
import io.dockyard.iam.Iam;
import io.dockyard.iam.model.Credential;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Task role credentials from IAM: a six-hour session of the role, assumed as {@code ecs-tasks.amazonaws.com} within its
 * trust policy and named after the task. In local mode a role that does not exist (task definitions name roles nobody
 * created) gets throw-away credentials instead, which local mode accepts like any other.
 */
final class TaskRoles implements TaskRoleCredentials {
    static final Duration SESSION = Duration.ofHours(6);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Iam iam;
    private final boolean localMode;
    private final Clock clock;

    TaskRoles(Iam iam, boolean localMode, Clock clock) {
        this.iam = iam;
        this.localMode = localMode;
        this.clock = clock;
    }

    @Override
    public Issued issue(String roleArn, String taskId) {
        try {
            Credential c = iam.assumeRoleAsService(roleArn, taskId, SESSION);
            return new Issued(roleArn, c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiresAt());
        } catch (AwsException e) {
            if (!localMode) throw e;
            return new Issued(roleArn, "ASIA" + hex(8).toUpperCase(java.util.Locale.ROOT), hex(20), hex(64), clock.instant().plus(SESSION));
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
