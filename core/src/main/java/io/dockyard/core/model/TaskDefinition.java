package io.dockyard.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered task definition revision. {@code document} holds every member the client registered,
 * exactly as sent (task-level cpu/memory normalised to numbers, as ECS does), so reading it back shows
 * no drift; the typed view is {@link #spec()}. Status is ACTIVE, INACTIVE (deregistered) or
 * DELETE_IN_PROGRESS ({@code deleteInProgress}, deleted but still referenced by tasks).
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
        boolean deleteInProgress,
        Instant deleteRequestedAt) {

    /** A revision that has not been asked to be deleted. */
    public TaskDefinition(String arn, String family, int revision, String status, Map<String, Object> document,
                          List<String> compatibilities, List<Map<String, Object>> requiresAttributes, Instant registeredAt,
                          Instant deregisteredAt, String registeredBy, List<Tag> tags, boolean deleteInProgress) {
        this(arn, family, revision, status, document, compatibilities, requiresAttributes, registeredAt, deregisteredAt,
                registeredBy, tags, deleteInProgress, null);
    }

    public TaskDefinitionSpec spec() { return TaskDefinitionSpec.parse(document); }

    public TaskDefinition withStatus(String s, Instant deregistered) {
        return new TaskDefinition(arn, family, revision, s, document, compatibilities, requiresAttributes, registeredAt, deregistered, registeredBy, tags, deleteInProgress, deleteRequestedAt);
    }

    /** This revision in DELETE_IN_PROGRESS, deletion requested at {@code at}. */
    public TaskDefinition withDeleteRequested(Instant at) {
        return new TaskDefinition(arn, family, revision, "DELETE_IN_PROGRESS", document, compatibilities, requiresAttributes, registeredAt, deregisteredAt, registeredBy, tags, true, at);
    }

    public TaskDefinition withDeleteInProgress() {
        return withDeleteRequested(deleteRequestedAt);
    }

    public TaskDefinition withTags(List<Tag> t) {
        return new TaskDefinition(arn, family, revision, status, document, compatibilities, requiresAttributes, registeredAt, deregisteredAt, registeredBy, t, deleteInProgress, deleteRequestedAt);
    }
}
