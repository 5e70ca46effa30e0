package io.dockyard.core.port.logs;

/**
 * Receives the events of a scan without decoding them: the message is {@code length} UTF-8 bytes in
 * {@code bytes} from 0, valid only during the call (so a filter can match bytes and decode only hits).
 */
@FunctionalInterface
public interface EventSink {
    void accept(String stream, long sequence, long timestamp, long ingestionTime, byte[] bytes, int length);
}
