package io.dockyard.core.port.logs;

/**
 * A log stream as stored: creation time, the first and last event timestamps and the last ingestion
 * time (null while the stream has no events), the bytes its events take on disk, and the sequence
 * number the next event will get.
 */
public record LogStream(String name, long creationTime, Long firstEventTimestamp, Long lastEventTimestamp, Long lastIngestionTime,
                        long storedBytes, long nextSequence) {}
