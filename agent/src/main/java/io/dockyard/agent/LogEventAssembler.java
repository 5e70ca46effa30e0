package io.dockyard.agent;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns log lines into CloudWatch events as Docker's awslogs driver does: one event per line, or with a
 * multiline start pattern, one event per line that matches it together with the lines that follow until
 * the next match (joined by newlines). An event never exceeds {@link LogLines#MAX_LINE_BYTES}: a pending
 * event that would grow past it is sent first. Empty lines are skipped (CloudWatch refuses empty events).
 */
final class LogEventAssembler {
    /** One event: its CloudWatch timestamp (ms), its text, and the Docker timestamp of its last line (the resume point). */
    record Event(long timestamp, String message, long lastNanos, int bytes) {}

    private final Pattern start;
    private final Consumer<Event> out;
    private StringBuilder pending;
    private long pendingTimestamp, pendingLast;
    private int pendingBytes;

    LogEventAssembler(Pattern multilineStart, Consumer<Event> out) {
        this.start = multilineStart;
        this.out = out;
    }

    void add(LogLines.Line line) {
        String text = line.text();
        if (start == null) {
            if (!text.isEmpty()) out.accept(event(line.nanos() / 1_000_000, text, line.nanos()));
            return;
        }
        int bytes = utf8(text);
        if (pending != null && (start.matcher(text).find() || pendingBytes + 1 + bytes > LogLines.MAX_LINE_BYTES)) flush();
        if (pending == null) {
            if (text.isEmpty()) return;
            pending = new StringBuilder(text);
            pendingTimestamp = line.nanos() / 1_000_000;
            pendingBytes = bytes;
        } else {
            pending.append('\n').append(text);
            pendingBytes += 1 + bytes;
        }
        pendingLast = line.nanos();
    }

    /** Whether a multiline event is waiting for its end. */
    boolean hasPending() { return pending != null; }

    /** Sends the pending multiline event (the stream ended, or no line came for a while). */
    void flush() {
        if (pending == null) return;
        out.accept(event(pendingTimestamp, pending.toString(), pendingLast));
        pending = null;
    }

    /** An event of {@code text}, cut to the size limit (text decoded from invalid bytes can grow past it). */
    private static Event event(long timestamp, String text, long lastNanos) {
        int bytes = utf8(text);
        if (bytes > LogLines.MAX_LINE_BYTES) {
            int end = Math.min(text.length(), LogLines.MAX_LINE_BYTES / 3);
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) end--;
            text = text.substring(0, end);
            bytes = utf8(text);
        }
        return new Event(timestamp, text, lastNanos, bytes);
    }

    static int utf8(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

}
