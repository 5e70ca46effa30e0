package io.dockyard.core.port.logs;

/** An event to store: its timestamp (epoch ms) and message. */
public record LogEvent(long timestamp, String message) {}
