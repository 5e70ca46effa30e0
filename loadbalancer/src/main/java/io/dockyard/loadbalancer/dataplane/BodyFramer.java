package io.dockyard.loadbalancer.dataplane;

import io.netty.buffer.ByteBuf;

/**
 * Finds where an HTTP/1.1 message body ends without copying it: a Content-Length countdown, the
 * chunked coding's state machine (sizes, data, CRLFs, trailers), or "until the connection closes".
 * The bytes themselves are passed on untouched.
 */
final class BodyFramer {
    enum Mode { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    private static final int SIZE = 0, EXT = 1, SIZE_LF = 2, DATA = 3, DATA_CR = 4, DATA_LF = 5, TRAILER = 6, TRAILER_LF = 7, TRAILER_LINE = 8, DONE = 9;
    private static final long MAX_CHUNK = Long.MAX_VALUE >> 8;

    private Mode mode = Mode.NONE;
    private long remaining;
    private int state;
    private int digits;
    private boolean malformed;

    void none() { reset(Mode.NONE, 0); }

    void length(long n) {
        if (n == 0) none();
        else reset(Mode.LENGTH, n);
    }

    void chunked() { reset(Mode.CHUNKED, 0); state = SIZE; }

    void untilClose() { reset(Mode.UNTIL_CLOSE, 0); }

    private void reset(Mode m, long n) {
        mode = m;
        remaining = n;
        state = m == Mode.NONE ? DONE : SIZE;
        digits = 0;
        malformed = false;
    }

    Mode mode() { return mode; }

    boolean done() { return state == DONE; }

    /** A chunked body that does not follow the grammar. */
    boolean malformed() { return malformed; }

    /** How many of {@code buf}'s readable bytes belong to the body (from its reader index); does not move the index. */
    int consume(ByteBuf buf) { return consume(buf, 0); }

    /** As {@link #consume(ByteBuf)}, for a body that starts {@code skip} bytes after the reader index. */
    int consume(ByteBuf buf, int skip) {
        int avail = buf.readableBytes() - skip;
        switch (mode) {
            case NONE -> { return 0; }
            case UNTIL_CLOSE -> { return avail; }
            case LENGTH -> {
                int n = (int) Math.min(avail, remaining);
                remaining -= n;
                if (remaining == 0) state = DONE;
                return n;
            }
            default -> { return chunk(buf, buf.readerIndex() + skip, avail); }
        }
    }

    private int chunk(ByteBuf buf, int base, int avail) {
        int i = 0;
        while (i < avail && state != DONE && !malformed) {
            if (state == DATA) {
                int n = (int) Math.min(avail - i, remaining);
                i += n;
                remaining -= n;
                if (remaining == 0) state = DATA_CR;
                continue;
            }
            byte c = buf.getByte(base + i++);
            switch (state) {
                case SIZE -> {
                    int d = hex(c);
                    if (d >= 0) {
                        if (remaining > MAX_CHUNK) malformed = true;
                        remaining = remaining * 16 + d;
                        digits++;
                    } else if (digits == 0) {
                        malformed = true;
                    } else if (c == ';' || c == ' ' || c == '\t') {
                        state = EXT;
                    } else if (c == '\r') {
                        state = SIZE_LF;
                    } else if (c == '\n') {
                        endOfSize();
                    } else {
                        malformed = true;
                    }
                }
                case EXT -> {
                    if (c == '\r') state = SIZE_LF;
                    else if (c == '\n') endOfSize();
                }
                case SIZE_LF -> {
                    if (c == '\n') endOfSize();
                    else malformed = true;
                }
                case DATA_CR -> {
                    if (c == '\r') state = DATA_LF;
                    else if (c == '\n') nextChunk();
                    else malformed = true;
                }
                case DATA_LF -> {
                    if (c == '\n') nextChunk();
                    else malformed = true;
                }
                case TRAILER -> { // at the start of a trailer line
                    if (c == '\r') state = TRAILER_LF;
                    else if (c == '\n') state = DONE;
                    else state = TRAILER_LINE;
                }
                case TRAILER_LF -> {
                    if (c == '\n') state = DONE;
                    else malformed = true;
                }
                case TRAILER_LINE -> {
                    if (c == '\n') state = TRAILER;
                }
                default -> malformed = true;
            }
        }
        return i;
    }

    private void endOfSize() {
        digits = 0;
        if (remaining == 0) state = TRAILER;
        else state = DATA;
    }

    private void nextChunk() {
        state = SIZE;
        remaining = 0;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
