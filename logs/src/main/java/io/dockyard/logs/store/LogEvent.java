package io.dockyard.logs.store;

/** An event to store: its timestamp (epoch ms) and message. */
public record LogEvent(long timestamp, String message) {}
