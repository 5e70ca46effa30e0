package io.dockyard.core.model;

import java.time.Instant;

/** What a daemon runs at one point: its daemon task definition and task settings (DescribeDaemonRevisions). */
public record DaemonRevision(String arn, String daemonArn, String clusterArn, String taskDefinitionArn, String propagateTags,
                             boolean enableECSManagedTags, boolean enableExecuteCommand, Instant createdAt) {}
