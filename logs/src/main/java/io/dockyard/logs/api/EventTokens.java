package io.dockyard.logs.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The tokens of the event operations. GetLogEvents: {@code f/<56 digits>} (read on from this
 * sequence number) and {@code b/<56 digits>} (read back from before it), as AWS's look.
 * FilterLogEvents: the position (timestamp, stream, sequence) of the last event returned, opaque.
 */
final class EventTokens {
    private EventTokens() {}

    /** A position in a stream; {@code forward} for an f/ token. */
    record StreamToken(boolean forward, long sequence) {}

    /** The order of FilterLogEvents results: timestamp, then stream name, then sequence. */
    record Position(long timestamp, String stream, long sequence) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            int c = Long.compare(timestamp, o.timestamp);
            if (c == 0) c = stream.compareTo(o.stream);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    static String sequenceToken(long next) { return String.format("%056d", next); }

    static String forward(long sequence) { return "f/" + String.format("%056d", sequence); }

    static String backward(long sequence) { return "b/" + String.format("%056d", sequence); }

    static StreamToken parseStream(String token) {
        if (token == null || token.length() < 3 || token.length() > 58 || token.charAt(1) != '/' || (token.charAt(0) != 'f' && token.charAt(0) != 'b')) {
            throw Input.invalid("The specified nextToken is invalid.");
        }
        try {
            long seq = Long.parseLong(token.substring(2));
            if (seq < 0) throw new NumberFormatException();
            return new StreamToken(token.charAt(0) == 'f', seq);
        } catch (NumberFormatException e) {
            throw Input.invalid("The specified nextToken is invalid.");
        }
    }

    static String filterToken(Position p) {
        String raw = "v1:" + p.timestamp() + ":" + p.sequence() + ":" + p.stream();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position parseFilter(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] p = raw.split(":", 4);
            if (p.length != 4 || !p[0].equals("v1")) throw new IllegalArgumentException();
            return new Position(Long.parseLong(p[1]), p[3], Long.parseLong(p[2]));
        } catch (IllegalArgumentException e) {
            throw Input.invalid("The specified nextToken is invalid.");
        }
    }

    /** A numeric event id, the same for an event on every call (clients such as {@code aws logs tail --follow} de-duplicate by it). */
    static String eventId(String stream, long sequence) {
        return String.format("%010d%020d", Integer.toUnsignedLong(stream.hashCode()), sequence);
    }
}
