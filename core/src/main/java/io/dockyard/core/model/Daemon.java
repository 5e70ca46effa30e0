package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;

/**
 * An ECS managed daemon: one task of its current revision's daemon task definition on every ACTIVE
 * container instance of its capacity providers in its cluster. Status ACTIVE, or DELETE_IN_PROGRESS
 * while its tasks stop (then the record goes). {@code deploymentArn} is its latest deployment.
 */
public record Daemon(
        String arn,
        String name,
        String clusterArn,
        String status,
        List<String> capacityProviders,
        String revisionArn,
        String deploymentArn,
        String propagateTags,
        boolean enableECSManagedTags,
        boolean enableExecuteCommand,
        List<Tag> tags,
        Instant createdAt,
        Instant updatedAt) {

    /** The task group of the daemon's tasks. */
    public String group() { return "daemon:" + name; }

    public boolean deleting() { return "DELETE_IN_PROGRESS".equals(status); }

    public Daemon deployed(String revision, String deployment, List<String> providers, String propagate, boolean managedTags, boolean exec, Instant at) {
        return new Daemon(arn, name, clusterArn, status, providers, revision, deployment, propagate, managedTags, exec, tags, createdAt, at);
    }

    public Daemon withStatus(String s, Instant at) {
        return new Daemon(arn, name, clusterArn, s, capacityProviders, revisionArn, deploymentArn, propagateTags, enableECSManagedTags,
                enableExecuteCommand, tags, createdAt, at);
    }

    public Daemon withTags(List<Tag> t) {
        return new Daemon(arn, name, clusterArn, status, capacityProviders, revisionArn, deploymentArn, propagateTags, enableECSManagedTags,
                enableExecuteCommand, t, createdAt, updatedAt);
    }
}
