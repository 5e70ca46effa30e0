package io.dockyard.server;

import io.dockyard.protocol.access.AccessMapping;
import io.dockyard.protocol.access.AccessMappings;

import java.util.List;
import java.util.function.Function;

/**
 * The IAM action mappings of every API on the edge, each owned by the module that owns the API and registered here.
 * A module that adds an API adds its mapping to {@link #mappings}; Dockyard refuses to start when a service on the edge
 * has none ({@link AccessMappings#require}), and secure mode's gate refuses every call to a service without one.
 */
final class AccessWiring {
    private AccessWiring() {}

    /** {@code secretArn}: a secret's full ARN by name or ARN (Secrets Manager's lookup). */
    static AccessMappings mappings(Function<String, String> secretArn) {
        List<AccessMapping> all = List.of(
                new io.dockyard.api.ecs.EcsAccess(),
                new io.dockyard.registry.ecr.EcrAccess(),
                new io.dockyard.loadbalancer.api.Elbv2Access(),
                new io.dockyard.discovery.api.DiscoveryAccess(),
                new io.dockyard.logs.api.LogsAccess(),
                new io.dockyard.cloudwatch.api.CloudWatchAccess(),
                new io.dockyard.autoscaling.AutoScalingAccess(),
                new io.dockyard.asg.AsgAccess(),
                new io.dockyard.sqs.api.SqsAccess(),
                new io.dockyard.secrets.asm.SecretsManagerAccess(secretArn),
                new io.dockyard.secrets.ssm.ParameterStoreAccess(),
                new io.dockyard.secrets.kms.KmsAccess(),
                new io.dockyard.iam.api.IamAccess(),
                new io.dockyard.iam.api.StsAccess(),
                new io.dockyard.events.api.EventsAccess(),
                new io.dockyard.events.scheduler.SchedulerAccess(),
                new io.dockyard.cloudtrail.CloudTrailAccess(),
                new io.dockyard.acm.AcmAccess(),
                new io.dockyard.codedeploy.CodeDeployAccess()
                // a new API module adds its mapping here
        );
        return AccessMappings.of(all);
    }
}
