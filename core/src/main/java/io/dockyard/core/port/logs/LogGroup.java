package io.dockyard.core.port.logs;

import java.util.Map;

/** A log group's metadata: name, creation time (epoch ms), retention in days (null: never expire) and tags. */
public record LogGroup(String name, long creationTime, Integer retentionInDays, Map<String, String> tags) {
    public LogGroup {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public LogGroup withRetention(Integer days) { return new LogGroup(name, creationTime, days, tags); }

    public LogGroup withTags(Map<String, String> t) { return new LogGroup(name, creationTime, retentionInDays, t); }
}
