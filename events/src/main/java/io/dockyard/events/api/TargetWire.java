package io.dockyard.events.api;

import io.dockyard.core.model.Tag;
import io.dockyard.events.rules.Target;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.Out;

import java.util.ArrayList;
import java.util.List;

/** The target parts EventBridge rules and Scheduler schedules share: EcsParameters and RetryPolicy, read and written. */
public final class TargetWire {
    private TargetWire() {}

    /** EcsParameters with the tags given ({@code Tags} is a list of Key/Value for rules and of one-entry maps for Scheduler). */
    public static Target.Ecs ecs(JsonInput e, List<Tag> tags) {
        Integer count = e.integer("TaskCount");
        if (count != null && (count < 1 || count > 10)) throw e.constraint("TaskCount", count, "Member must have value between 1 and 10");
        JsonInput vpc = e.struct("NetworkConfiguration") == null ? null : e.struct("NetworkConfiguration").struct("awsvpcConfiguration");
        List<Target.Strategy> strategy = new ArrayList<>();
        for (JsonInput s : e.structs("CapacityProviderStrategy")) {
            strategy.add(new Target.Strategy(s.required("capacityProvider"), s.integer("weight") == null ? 0 : s.integer("weight"),
                    s.integer("base") == null ? 0 : s.integer("base")));
        }
        String launchType = e.str("LaunchType");
        if (launchType != null && !List.of("EC2", "FARGATE", "EXTERNAL").contains(launchType)) {
            throw e.constraint("LaunchType", launchType, "Member must satisfy enum value set: [EC2, FARGATE, EXTERNAL]");
        }
        return new Target.Ecs(e.required("TaskDefinitionArn"), count == null ? 1 : count, launchType, strategy,
                vpc == null ? List.of() : vpc.strings("Subnets"), vpc == null ? List.of() : vpc.strings("SecurityGroups"),
                vpc == null ? null : vpc.str("AssignPublicIp"), e.str("PlatformVersion"), e.str("Group"),
                Boolean.TRUE.equals(e.bool("EnableExecuteCommand")), Boolean.TRUE.equals(e.bool("EnableECSManagedTags")), e.str("PropagateTags"),
                e.str("ReferenceId"), tags);
    }

    /** RetryPolicy, or null when absent. */
    public static Target.Retry retry(JsonInput rp) {
        if (rp == null) return null;
        Integer attempts = rp.integer("MaximumRetryAttempts"), age = rp.integer("MaximumEventAgeInSeconds");
        if (attempts != null && (attempts < 0 || attempts > 185)) throw rp.constraint("MaximumRetryAttempts", attempts, "Member must have value between 0 and 185");
        if (age != null && (age < 60 || age > 86_400)) throw rp.constraint("MaximumEventAgeInSeconds", age, "Member must have value between 60 and 86400");
        return new Target.Retry(attempts == null ? 185 : attempts, age == null ? 86_400 : age);
    }

    /** The target's common wire members: EcsParameters, SqsParameters, RetryPolicy, DeadLetterConfig. */
    public static Out common(Out o, Target t) {
        Target.Ecs e = t.ecs();
        if (e != null) {
            Out ecs = Out.obj().with("TaskDefinitionArn", e.taskDefinitionArn()).with("TaskCount", e.taskCount()).with("LaunchType", e.launchType())
                    .with("PlatformVersion", e.platformVersion()).with("Group", e.group()).with("PropagateTags", e.propagateTags()).with("ReferenceId", e.referenceId());
            if (!e.subnets().isEmpty()) {
                ecs.with("NetworkConfiguration", Out.obj().with("awsvpcConfiguration", Out.obj().with("Subnets", e.subnets())
                        .withNonEmpty("SecurityGroups", e.securityGroups()).with("AssignPublicIp", e.assignPublicIp())));
            }
            if (!e.capacityProviderStrategy().isEmpty()) {
                ecs.with("CapacityProviderStrategy", e.capacityProviderStrategy().stream()
                        .map(s -> (Object) Out.obj().with("capacityProvider", s.capacityProvider()).with("weight", s.weight()).with("base", s.base())).toList());
            }
            if (e.enableExecuteCommand()) ecs.with("EnableExecuteCommand", true);
            if (e.enableEcsManagedTags()) ecs.with("EnableECSManagedTags", true);
            o.with("EcsParameters", ecs);
        }
        if (t.sqsGroupId() != null) o.with("SqsParameters", Out.obj().with("MessageGroupId", t.sqsGroupId()));
        if (t.retry() != null) o.with("RetryPolicy", Out.obj().with("MaximumRetryAttempts", t.retry().maximumRetryAttempts())
                .with("MaximumEventAgeInSeconds", t.retry().maximumEventAgeSeconds()));
        if (t.deadLetterArn() != null) o.with("DeadLetterConfig", Out.obj().with("Arn", t.deadLetterArn()));
        return o;
    }
}
