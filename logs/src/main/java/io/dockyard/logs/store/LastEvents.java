package io.dockyard.logs.store;

import io.dockyard.core.port.logs.StoredEvent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} events a segment visit passes, kept as positions in the segment's mapped buffer (a ring) and
 * decoded only at the end: reading a stream from its end (GetLogEvents' default, {@code aws logs tail}) costs a scan of
 * the segment's headers and the decoding of the events returned, not the decoding of every event in the segment.
 */
final class LastEvents implements Segment.Visitor {
    private final long[] seq, ts, ing;
    private final int[] at, len;
    private ByteBuffer buf;
    private int next, size;

    LastEvents(int capacity) {
        seq = new long[capacity];
        ts = new long[capacity];
        ing = new long[capacity];
        at = new int[capacity];
        len = new int[capacity];
    }

    @Override
    public boolean visit(long sequence, long timestamp, long ingestion, ByteBuffer buffer, int offset, int length) {
        buf = buffer;
        seq[next] = sequence;
        ts[next] = timestamp;
        ing[next] = ingestion;
        at[next] = offset;
        len[next] = length;
        next = (next + 1) % seq.length;
        if (size < seq.length) size++;
        return true;
    }

    int size() { return size; }

    /** The {@code i}-th of the kept events, oldest first. */
    StoredEvent event(String stream, int i) {
        int k = Math.floorMod(next - size + i, seq.length);
        byte[] m = new byte[len[k]];
        buf.get(at[k], m, 0, len[k]);
        return new StoredEvent(stream, seq[k], ts[k], ing[k], new String(m, StandardCharsets.UTF_8));
    }
}
