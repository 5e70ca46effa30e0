package io.dockyard.loadbalancer.dataplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the HTTP listeners count for CloudWatch's AWS/ApplicationELB metrics, per load balancer and
 * target group (null for answers the load balancer gave itself): requests, target and ELB status
 * classes, and target response times. Updated from the event loops without locks; drained by the
 * publishing loop.
 */
public final class LbCounters {
    /** Where a count belongs. */
    public record Key(String loadBalancerArn, String targetGroupArn) {}

    /** The counts of one key over one interval. */
    public record Snapshot(Key key, long requests, long[] targetCodes, long[] elbCodes, long responses, double responseSeconds,
                           double minSeconds, double maxSeconds) {}

    static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder[] target = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
        final LongAdder[] elb = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};
        final LongAdder responses = new LongAdder();
        final LongAdder responseMicros = new LongAdder();
        volatile long minMicros = Long.MAX_VALUE, maxMicros;
    }

    private final Map<Key, Counts> counts = new ConcurrentHashMap<>();

    private Counts of(String lb, String tg) { return counts.computeIfAbsent(new Key(lb, tg), k -> new Counts()); }

    /** A request the listener routed ({@code targetGroupArn} null when the load balancer answers it itself). */
    void request(String lb, String tg) { of(lb, tg).requests.increment(); }

    /** A target's answer with {@code status}, {@code nanos} after the request was sent to it. */
    void target(String lb, String tg, int status, long nanos) {
        Counts c = of(lb, tg);
        c.target[Math.min(5, Math.max(0, status / 100))].increment();
        long micros = nanos / 1000;
        c.responses.increment();
        c.responseMicros.add(micros);
        if (micros < c.minMicros) c.minMicros = micros;
        if (micros > c.maxMicros) c.maxMicros = micros;
    }

    /** An answer the load balancer gave itself (503 without a target, 502/504 when the target failed, fixed responses). */
    void elb(String lb, int status) { of(lb, null).elb[Math.min(5, Math.max(0, status / 100))].increment(); }

    /** The counts since the last drain; the counters start again from zero. */
    public List<Snapshot> drain() {
        List<Snapshot> out = new ArrayList<>();
        for (Key k : List.copyOf(counts.keySet())) {
            Counts c = counts.remove(k);
            if (c == null) continue;
            long[] t = new long[6], e = new long[6];
            for (int i = 0; i < 6; i++) {
                t[i] = c.target[i].sum();
                e[i] = c.elb[i].sum();
            }
            long n = c.responses.sum();
            out.add(new Snapshot(k, c.requests.sum(), t, e, n, c.responseMicros.sum() / 1e6, n == 0 ? 0 : c.minMicros / 1e6, c.maxMicros / 1e6));
        }
        return out;
    }
}
