package io.dockyard.agent;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the lines of a container's log from the Engine's log stream ({@code GET /containers/{id}/logs}
 * with {@code follow} and {@code timestamps}): the multiplexed frames of a container without a TTY (an
 * 8-byte header, stream type and length, then the payload), or the raw stream of one with a TTY. Each
 * entry starts with its RFC 3339 timestamp; Docker splits long lines into partial entries (no newline
 * at their end), which are joined again, up to {@link #MAX_LINE_BYTES}: a longer line is cut into pieces
 * of that size. Bytes that are not UTF-8 are replaced, never fatal.
 */
final class LogLines {
    /** CloudWatch's event size limit (256 KiB) less its 26 bytes of per-event overhead. */
    static final int MAX_LINE_BYTES = 262_144 - 26;

    /** One line of output; {@code nanos} is its Docker timestamp in nanoseconds since the epoch. */
    record Line(long nanos, String text) {}

    private final DataInputStream in;
    private final boolean tty;
    private final Partial[] partial = {new Partial(), new Partial(), new Partial()};
    private final byte[] header = new byte[8];
    private final java.util.ArrayDeque<Line> ready = new java.util.ArrayDeque<>();
    private long lastNanos;

    LogLines(InputStream in, boolean tty) {
        this.in = new DataInputStream(in);
        this.tty = tty;
    }

    /** The next line, or null at the end of the stream (what is left of an unterminated line comes first). */
    Line next() throws IOException {
        while (ready.isEmpty()) {
            if (!readEntry()) {
                for (Partial p : partial) p.flush(ready);
                return ready.poll();
            }
        }
        return ready.poll();
    }

    /** Reads one entry into its stream's partial line; false at the end. */
    private boolean readEntry() throws IOException {
        if (tty) return readRaw();
        try {
            in.readFully(header);
        } catch (EOFException e) {
            return false;
        }
        int type = header[0] == 2 ? 2 : 1;
        int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        byte[] payload = new byte[size];
        in.readFully(payload);
        int body = timestamp(payload, 0, size);
        partial[type].add(payload, body, size - body, lastNanos, ready);
        return true;
    }

    /** A TTY's stream: no frames; entries are cut at newlines, each starting with its timestamp. */
    private boolean readRaw() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\n' || b.size() >= MAX_LINE_BYTES) break;
        }
        if (b.size() == 0) return false;
        byte[] bytes = b.toByteArray();
        int body = timestamp(bytes, 0, bytes.length);
        partial[0].add(bytes, body, bytes.length - body, lastNanos, ready);
        return true;
    }

    /** Reads the timestamp the entry at {@code off} starts with (into lastNanos); returns where its text starts. */
    private int timestamp(byte[] b, int off, int len) {
        int space = -1;
        for (int i = off; i < off + Math.min(len, 40); i++) {
            if (b[i] == ' ') {
                space = i;
                break;
            }
        }
        if (space < 20) return off;
        long fast = rfc3339Nanos(b, off, space);
        if (fast != Long.MIN_VALUE) {
            lastNanos = fast;
            return space + 1;
        }
        try {
            Instant t = Instant.parse(new String(b, off, space - off, StandardCharsets.US_ASCII));
            lastNanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            return space + 1;
        } catch (DateTimeParseException e) {
            return off;
        }
    }

    /**
     * Docker's own timestamp form, {@code 2026-12-04T20:50:20.123456789Z} (RFC 3339 in UTC, 0-9 fraction digits), read
     * without a String or a formatter (one per line otherwise); Long.MIN_VALUE for anything else (then parsed in full).
     */
    static long rfc3339Nanos(byte[] b, int from, int to) {
        if (to - from < 20 || b[from + 4] != '-' || b[from + 7] != '-' || b[from + 10] != 'T' || b[from + 13] != ':'
                || b[from + 16] != ':' || b[to - 1] != 'Z') return Long.MIN_VALUE;
        int year = digits(b, from, 4), month = digits(b, from + 5, 2), day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2), minute = digits(b, from + 14, 2), second = digits(b, from + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) return Long.MIN_VALUE;
        long nanos = 0;
        int i = from + 19;
        if (i < to - 1) {
            if (b[i] != '.' || to - 1 - (i + 1) > 9 || to - 1 == i + 1) return Long.MIN_VALUE;
            int n = 0;
            for (i = i + 1; i < to - 1; i++, n++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) return Long.MIN_VALUE;
                nanos = nanos * 10 + d;
            }
            for (; n < 9; n++) nanos *= 10;
        }
        long days = java.time.LocalDate.of(year, month, 1).toEpochDay() + day - 1;
        return ((days * 24 + hour) * 60 + minute) * 60_000_000_000L + second * 1_000_000_000L + nanos;
    }

    private static int digits(byte[] b, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    /** The unterminated line of one stream. */
    private static final class Partial {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long nanos;

        void add(byte[] b, int off, int len, long at, java.util.ArrayDeque<Line> out) {
            if (bytes.size() == 0) nanos = at;
            int end = off + len;
            int from = off;
            for (int i = off; i < end; i++) {
                if (b[i] == '\n') {
                    if (bytes.size() == 0) {
                        // a whole line in this payload: straight to its String, not through the buffer
                        int n = i > from && b[i - 1] == '\r' ? i - 1 - from : i - from;
                        if (i > from) out.add(new Line(nanos, new String(b, from, n, StandardCharsets.UTF_8)));
                    } else {
                        bytes.write(b, from, i - from);
                        flush(out);
                    }
                    nanos = at;
                    from = i + 1;
                } else if (bytes.size() + (i - from) + 1 >= MAX_LINE_BYTES) {
                    int cut = utf8Boundary(b, from, i + 1);
                    bytes.write(b, from, cut - from);
                    flush(out);
                    nanos = at;
                    from = cut;
                }
            }
            bytes.write(b, from, end - from);
        }

        void flush(java.util.ArrayDeque<Line> out) {
            if (bytes.size() == 0) return;
            byte[] b = bytes.toByteArray();
            int n = b.length;
            if (n > 0 && b[n - 1] == '\r') n--;
            out.add(new Line(nanos, new String(b, 0, n, StandardCharsets.UTF_8)));
            bytes.reset();
        }

        /** The last index at or before {@code end} that does not cut a UTF-8 sequence (bytes from {@code from}). */
        private static int utf8Boundary(byte[] b, int from, int end) {
            int i = end;
            while (i > from && i < b.length && (b[i] & 0xC0) == 0x80) i--;
            return i > from ? i : end;
        }
    }
}
