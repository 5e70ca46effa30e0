package io.dockyard.events.scheduler;

import io.dockyard.core.model.Tag;

import java.time.Instant;
import java.util.List;

/** A schedule group ({@code default} always exists), with its tags. */
public record ScheduleGroup(String name, String arn, String state, Instant created, Instant modified, List<Tag> tags) {
    public ScheduleGroup {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
