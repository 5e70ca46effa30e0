package io.dockyard.core.model;

import io.dockyard.core.port.Kind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The PAUSE lifecycle hooks of a BLUE_GREEN, LINEAR or CANARY deployment, stored under the service ARN
 * so a restarted control plane keeps a paused deployment paused: the deployment they belong to
 * ({@code deploymentId}), the hook stages already passed, and the one paused now ({@code stage}, null
 * when none) with its {@code hookId}, when it paused, and the action ContinueServiceDeployment asked
 * for ({@code decision}: null while waiting, CONTINUE or ROLLBACK).
 */
public record HookPause(String serviceArn, String deploymentId, List<String> passed, String stage, String hookId,
                        Instant since, String decision) {

    /** Stored under the service ARN. */
    public static final Kind<HookPause> KIND = Kind.of("ecs.lifecycle-hooks", HookPause.class, HookPause::serviceArn);

    public HookPause {
        passed = List.copyOf(passed);
    }

    /** Paused at {@code stage} from {@code now}, waiting for ContinueServiceDeployment. */
    public HookPause paused(String stage, String hookId, Instant now) {
        return new HookPause(serviceArn, deploymentId, passed, stage, hookId, now, null);
    }

    /** ContinueServiceDeployment's {@code action} for the paused hook. */
    public HookPause decided(String action) {
        return new HookPause(serviceArn, deploymentId, passed, stage, hookId, since, action);
    }

    /** The paused stage passed: the deployment goes on. */
    public HookPause resumed() {
        List<String> p = new ArrayList<>(passed);
        if (stage != null) p.add(stage);
        return new HookPause(serviceArn, deploymentId, p, null, null, null, null);
    }

    public boolean isPaused() { return stage != null; }
}
