package io.dockyard.protocol.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SigV4 signing keys, {@code HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")}, kept in a
 * small least-recently-used cache keyed by (secret, date, region, service) so that a client's repeated requests do not
 * redo the four HMACs. Thread-safe.
 */
final class SigningKeys {
    /** How many keys the verifier keeps by default. */
    static final int DEFAULT_CAPACITY = 1024;

    /** What a signing key depends on; its {@code toString} leaves the secret out. */
    private record CacheKey(String secret, String date, String region, String service) {
        @Override
        public String toString() { return "CacheKey[" + date + "/" + region + "/" + service + "]"; }
    }

    private final Map<CacheKey, byte[]> cache;
    private final AtomicLong derivations = new AtomicLong();

    SigningKeys(int capacity) {
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, byte[]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The signing key for this scope; callers must not modify the array. */
    byte[] get(String secret, String date, String region, String service) {
        CacheKey k = new CacheKey(secret, date, region, service);
        synchronized (cache) {
            byte[] key = cache.get(k);
            if (key != null) return key;
        }
        byte[] key = derive(secret, date, region, service);
        derivations.incrementAndGet();
        synchronized (cache) {
            cache.put(k, key);
        }
        return key;
    }

    /** How many keys were derived rather than taken from the cache (for tests and metrics). */
    long derivations() { return derivations.get(); }

    /** How many keys are cached now. */
    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    /** Derives a signing key without the cache. */
    static byte[] derive(String secret, String date, String region, String service) {
        byte[] k = Hashing.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = Hashing.hmac(k, region);
        k = Hashing.hmac(k, service);
        return Hashing.hmac(k, "aws4_request");
    }
}
