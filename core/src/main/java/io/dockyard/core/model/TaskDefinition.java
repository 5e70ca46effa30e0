package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered task definition revision. {@code document} holds every member the client registered,
 * exactly as sent (so reading it back shows no drift); the typed view is {@link #spec()}.
 */
public record TaskDefinition(
        String arn,
        String family,
        int revision,
        String status,
        Map<String, Object> document,
        List<String> compatibilities,
        List<Map<String, Object>> requiresAttributes,
        Instant registeredAt,
        Instant deregisteredAt,
        String registeredBy,
        List<Tag> tags,
        boolean deleteInProgress) {

    public TaskDefinitionSpec spec() { return TaskDefinitionSpec.parse(document); }

    public TaskDefinition withStatus(String s, Instant deregistered) {
        return new TaskDefinition(arn, family, revision, s, document, compatibilities, requiresAttributes, registeredAt, deregistered, registeredBy, tags, deleteInProgress);
    }

    public TaskDefinition withDeleteInProgress() {
        return new TaskDefinition(arn, family, revision, "DELETE_IN_PROGRESS", document, compatibilities, requiresAttributes, registeredAt, deregisteredAt, registeredBy, tags, true);
    }

    public TaskDefinition withTags(List<Tag> t) {
        return new TaskDefinition(arn, family, revision, status, document, compatibilities, requiresAttributes, registeredAt, deregisteredAt, registeredBy, t, deleteInProgress);
    }
}
