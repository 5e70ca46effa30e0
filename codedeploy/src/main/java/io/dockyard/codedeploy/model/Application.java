package io.dockyard.codedeploy.model;

import java.time.Instant;
import java.util.List;

/** A CodeDeploy application (compute platform ECS, Server or Lambda; only ECS deploys here). */
public record Application(String name, String id, String computePlatform, Instant createTime, List<Tag> tags) {
    /** A resource tag. */
    public record Tag(String key, String value) {}
}
