package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A task set of a service with the EXTERNAL or CODE_DEPLOY deployment controller: tasks of one task
 * definition, {@code scale} percent of the service's desired count (rounded up), with their own load
 * balancers and service registries. Status PRIMARY (serves production, its task definition is the
 * service's), ACTIVE, or DRAINING (deleted: its tasks stop, then the record goes).
 */
public record TaskSet(
        String id,
        String arn,
        String serviceArn,
        String clusterArn,
        String startedBy,
        String externalId,
        String status,
        String taskDefinitionArn,
        String launchType,
        List<Map<String, Object>> capacityProviderStrategy,
        String platformVersion,
        NetworkConfiguration networkConfiguration,
        List<Map<String, Object>> loadBalancers,
        List<Map<String, Object>> serviceRegistries,
        double scale,
        String stabilityStatus,
        Instant stabilityStatusAt,
        List<Tag> tags,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isPrimary() { return "PRIMARY".equals(status); }

    public boolean isDraining() { return "DRAINING".equals(status); }

    /** The service's desired count times the scale, rounded up (0 while DRAINING). */
    public int computedDesiredCount(int serviceDesiredCount) {
        if (isDraining()) return 0;
        return (int) Math.ceil(serviceDesiredCount * scale / 100.0 - 1e-9);
    }

    /** The task set as the {@link Deployment} its tasks are launched from (startedBy = the task set id). */
    public Deployment deployment() {
        return new Deployment(id, "PRIMARY", taskDefinitionArn, launchType, capacityProviderStrategy, platformVersion, networkConfiguration,
                "COMPLETED", null, false, null, createdAt, updatedAt, null);
    }

    public TaskSet withStatus(String s, Instant at) {
        return new TaskSet(id, arn, serviceArn, clusterArn, startedBy, externalId, s, taskDefinitionArn, launchType, capacityProviderStrategy,
                platformVersion, networkConfiguration, loadBalancers, serviceRegistries, scale, stabilityStatus, stabilityStatusAt, tags, createdAt, at);
    }

    public TaskSet withScale(double v, Instant at) {
        return new TaskSet(id, arn, serviceArn, clusterArn, startedBy, externalId, status, taskDefinitionArn, launchType, capacityProviderStrategy,
                platformVersion, networkConfiguration, loadBalancers, serviceRegistries, v, stabilityStatus, stabilityStatusAt, tags, createdAt, at);
    }

    public TaskSet withStability(String s, Instant at) {
        return new TaskSet(id, arn, serviceArn, clusterArn, startedBy, externalId, status, taskDefinitionArn, launchType, capacityProviderStrategy,
                platformVersion, networkConfiguration, loadBalancers, serviceRegistries, scale, s, at, tags, createdAt, updatedAt);
    }

    public TaskSet withTags(List<Tag> v) {
        return new TaskSet(id, arn, serviceArn, clusterArn, startedBy, externalId, status, taskDefinitionArn, launchType, capacityProviderStrategy,
                platformVersion, networkConfiguration, loadBalancers, serviceRegistries, scale, stabilityStatus, stabilityStatusAt, v, createdAt, updatedAt);
    }
}
