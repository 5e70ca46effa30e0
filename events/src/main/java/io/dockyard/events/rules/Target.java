package io.dockyard.events.rules;

import io.dockyard.core.model.Tag;

import java.util.List;
import java.util.Map;

/**
 * A rule's target, as PutTargets gave it: where events go ({@code arn}: an ECS cluster, an SQS queue, a log group, a
 * bus), what they carry ({@code input}, {@code inputPath} or {@code transformer}; the whole event otherwise), how
 * delivery is retried and where it goes when it cannot be delivered.
 */
public record Target(String id, String arn, String roleArn, String input, String inputPath, Transformer transformer, Ecs ecs, String sqsGroupId,
                     Retry retry, String deadLetterArn) {

    /** InputTransformer: named JSON paths into the event, and the template they fill. */
    public record Transformer(Map<String, String> paths, String template) {}

    /** EcsParameters. */
    public record Ecs(String taskDefinitionArn, int taskCount, String launchType, List<Strategy> capacityProviderStrategy, List<String> subnets,
                      List<String> securityGroups, String assignPublicIp, String platformVersion, String group, boolean enableExecuteCommand,
                      boolean enableEcsManagedTags, String propagateTags, String referenceId, List<Tag> tags) {}

    public record Strategy(String capacityProvider, int weight, int base) {}

    /** RetryPolicy: how many more attempts, for how long after the event (defaults 185 and 24 hours). */
    public record Retry(int maximumRetryAttempts, int maximumEventAgeSeconds) {
        public static final Retry DEFAULT = new Retry(185, 86_400);
    }
}
