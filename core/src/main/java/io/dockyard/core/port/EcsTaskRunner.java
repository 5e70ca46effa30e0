package io.dockyard.core.port;

import java.util.List;

/**
 * Runs ECS tasks for EventBridge rules and schedules, as their ECS targets ask (RunTask with the target's parameters).
 * Implemented over ECS's own RunTask, so a target's tasks are checked and placed like any other.
 */
public interface EcsTaskRunner {
    /** A capacity provider strategy item. */
    record StrategyItem(String capacityProvider, int weight, int base) {}

    /** An ECS target's RunTask: {@code overridesJson} is RunTask's {@code overrides} document (from the target's input), or null. */
    record Run(String cluster, String taskDefinition, int count, String launchType, List<StrategyItem> capacityProviderStrategy,
               List<String> subnets, List<String> securityGroups, String assignPublicIp, String platformVersion, String group,
               List<io.dockyard.core.model.Tag> tags, boolean enableExecuteCommand, String propagateTags, String referenceId, String startedBy,
               String overridesJson) {}

    /** Thrown when RunTask refused the request or placed no task; the message is ECS's. */
    final class Failed extends RuntimeException {
        public Failed(String message) { super(message); }
    }

    /** Runs the tasks; their ARNs. */
    List<String> run(Run run);
}
