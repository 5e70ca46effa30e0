package io.dockyard.core.model;

import java.time.Instant;

/** One entry of a service's event log (newest first, at most 100 kept). */
public record ServiceEvent(String id, Instant createdAt, String message) {}
