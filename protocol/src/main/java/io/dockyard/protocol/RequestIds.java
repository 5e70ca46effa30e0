package io.dockyard.protocol;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request and message ids in the UUID form AWS uses, and the Server-Timing header's value, made
 * cheaply: an id names a request, it is no secret, so it comes from {@link ThreadLocalRandom} rather
 * than {@link UUID#randomUUID()}'s SecureRandom (which showed in the SQS benchmark's profile).
 */
public final class RequestIds {
    private RequestIds() {}

    /** A random version-4 UUID string. */
    public static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /** {@code app;dur=<ms with 3 decimals>} for a handling time in nanoseconds. */
    public static String serverTiming(long nanos) {
        long micros = Math.max(0, nanos / 1000);
        long frac = micros % 1000;
        return "app;dur=" + (micros / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
    }
}
