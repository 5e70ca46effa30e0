package io.dockyard.core.port.logs;

/** An event read back: its stream, its sequence number in the stream, timestamp, ingestion time and message. */
public record StoredEvent(String stream, long sequence, long timestamp, long ingestionTime, String message) {}
