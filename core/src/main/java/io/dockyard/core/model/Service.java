package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An ECS service: keep {@code desiredCount} copies of a task definition running (REPLICA) or one per
 * instance (DAEMON), rolled out through {@link Deployment}s. Counts are derived from tasks.
 */
public record Service(
        String arn,
        String name,
        String clusterArn,
        String status,
        int desiredCount,
        String taskDefinitionArn,
        String launchType,
        List<Map<String, Object>> capacityProviderStrategy,
        String platformVersion,
        String schedulingStrategy,
        Map<String, Object> deploymentConfiguration,
        Map<String, Object> deploymentController,
        List<Map<String, Object>> placementConstraints,
        List<Map<String, Object>> placementStrategy,
        NetworkConfiguration networkConfiguration,
        List<Map<String, Object>> loadBalancers,
        List<Map<String, Object>> serviceRegistries,
        Integer healthCheckGracePeriodSeconds,
        String propagateTags,
        boolean enableECSManagedTags,
        boolean enableExecuteCommand,
        List<Tag> tags,
        String roleArn,
        String createdBy,
        Instant createdAt,
        List<Deployment> deployments,
        List<ServiceEvent> events,
        long version) {

    public boolean isDaemon() { return "DAEMON".equals(schedulingStrategy); }

    /** ECS (the default), CODE_DEPLOY or EXTERNAL. */
    public String deploymentControllerType() {
        return deploymentController != null && deploymentController.get("type") instanceof String t ? t : "ECS";
    }

    /** Whether the service runs its tasks in task sets (EXTERNAL and CODE_DEPLOY controllers) rather than deployments. */
    public boolean usesTaskSets() { return !"ECS".equals(deploymentControllerType()); }

    public DeploymentConfig deploymentConfig() { return DeploymentConfig.parse(deploymentConfiguration, isDaemon()); }

    public Deployment primary() { return deployments.stream().filter(Deployment::isPrimary).findFirst().orElse(null); }

    /** The task group of the service's tasks. */
    public String group() { return "service:" + name; }

    public Builder toBuilder() { return new Builder(this); }

    /** Copy-with-changes. */
    public static final class Builder {
        private Service s;
        private String status, taskDefinitionArn;
        private int desiredCount;
        private Map<String, Object> deploymentConfiguration;
        private NetworkConfiguration networkConfiguration;
        private List<Map<String, Object>> placementConstraints, placementStrategy, loadBalancers, serviceRegistries, capacityProviderStrategy;
        private Integer healthCheckGracePeriodSeconds;
        private List<Tag> tags;
        private List<Deployment> deployments;
        private List<ServiceEvent> events;
        private long version;
        private String propagateTags, platformVersion;
        private boolean enableECSManagedTags, enableExecuteCommand;

        Builder(Service s) {
            this.s = s;
            status = s.status; taskDefinitionArn = s.taskDefinitionArn; desiredCount = s.desiredCount;
            deploymentConfiguration = s.deploymentConfiguration; networkConfiguration = s.networkConfiguration;
            placementConstraints = s.placementConstraints; placementStrategy = s.placementStrategy;
            loadBalancers = s.loadBalancers; serviceRegistries = s.serviceRegistries; capacityProviderStrategy = s.capacityProviderStrategy;
            healthCheckGracePeriodSeconds = s.healthCheckGracePeriodSeconds; tags = s.tags; deployments = s.deployments;
            events = s.events; version = s.version; propagateTags = s.propagateTags; platformVersion = s.platformVersion;
            enableECSManagedTags = s.enableECSManagedTags; enableExecuteCommand = s.enableExecuteCommand;
        }

        public Builder status(String v) { status = v; return this; }
        public Builder taskDefinitionArn(String v) { taskDefinitionArn = v; return this; }
        public Builder desiredCount(int v) { desiredCount = v; return this; }
        public Builder deploymentConfiguration(Map<String, Object> v) { deploymentConfiguration = v; return this; }
        public Builder networkConfiguration(NetworkConfiguration v) { networkConfiguration = v; return this; }
        public Builder placementConstraints(List<Map<String, Object>> v) { placementConstraints = v; return this; }
        public Builder placementStrategy(List<Map<String, Object>> v) { placementStrategy = v; return this; }
        public Builder loadBalancers(List<Map<String, Object>> v) { loadBalancers = v; return this; }
        public Builder serviceRegistries(List<Map<String, Object>> v) { serviceRegistries = v; return this; }
        public Builder capacityProviderStrategy(List<Map<String, Object>> v) { capacityProviderStrategy = v; return this; }
        public Builder healthCheckGracePeriodSeconds(Integer v) { healthCheckGracePeriodSeconds = v; return this; }
        public Builder tags(List<Tag> v) { tags = v; return this; }
        public Builder deployments(List<Deployment> v) { deployments = v; return this; }
        public Builder events(List<ServiceEvent> v) { events = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder propagateTags(String v) { propagateTags = v; return this; }
        public Builder platformVersion(String v) { platformVersion = v; return this; }
        public Builder enableECSManagedTags(boolean v) { enableECSManagedTags = v; return this; }
        public Builder enableExecuteCommand(boolean v) { enableExecuteCommand = v; return this; }

        public Service build() {
            return new Service(s.arn, s.name, s.clusterArn, status, desiredCount, taskDefinitionArn, s.launchType, capacityProviderStrategy,
                    platformVersion, s.schedulingStrategy, deploymentConfiguration, s.deploymentController, placementConstraints,
                    placementStrategy, networkConfiguration, loadBalancers, serviceRegistries, healthCheckGracePeriodSeconds, propagateTags,
                    enableECSManagedTags, enableExecuteCommand, tags, s.roleArn, s.createdBy, s.createdAt, deployments, events, version);
        }
    }
}
