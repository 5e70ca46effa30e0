package io.dockyard.events.rules;

import io.dockyard.core.model.Tag;

import java.time.Instant;
import java.util.List;

/** An event bus: {@code default}, or one a user created. */
public record Bus(String name, String arn, String description, Instant created, List<Tag> tags) {
    public Bus {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
