package io.dockyard.core.port;

import java.time.Instant;

/** Writes a log event into a CloudWatch Logs group (EventBridge's log targets); the stream is created when missing. */
public interface LogWriter {
    /** Thrown when the event cannot be written (no such group). */
    final class Failed extends RuntimeException {
        public Failed(String message) { super(message); }
    }

    void write(String groupName, String streamName, Instant at, String message);
}
