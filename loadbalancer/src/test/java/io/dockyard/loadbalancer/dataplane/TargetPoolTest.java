package io.dockyard.loadbalancer.dataplane;

import io.dockyard.loadbalancer.api.TargetGroupSettings;
import io.dockyard.loadbalancer.model.TargetGroup;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Target choice: healthy first, fail open, round robin, slow start, draining. */
class TargetPoolTest {
    private static TargetGroup group(String key, String value) {
        Map<String, String> attrs = new LinkedHashMap<>(TargetGroupSettings.defaultAttributes("HTTP"));
        attrs.put(key, value);
        return new TargetGroup("arn:tg", "tg", "HTTP", "HTTP1", 80, "vpc", "ip", "ipv4", TargetGroupSettings.defaults("HTTP"), attrs);
    }

    private static TargetState target(int port, String state) {
        TargetState t = new TargetState("127.0.0.1", port, "127.0.0.1");
        t.set(state, null, null);
        return t;
    }

    @Test
    void roundRobinOverHealthyTargetsAndFailsOpenWhenNoneIs() {
        TargetPool pool = new TargetPool(group("slow_start.duration_seconds", "0"));
        TargetState a = target(1, "healthy");
        TargetState b = target(2, "unhealthy");
        TargetState c = target(3, "healthy");
        pool.add(a);
        pool.add(b);
        pool.add(c);
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) counts.merge(pool.pick().port, 1, Integer::sum);
        assertThat(counts).containsOnlyKeys(1, 3).containsEntry(1, 50).containsEntry(3, 50);

        a.set("unhealthy", "Target.Timeout", "Request timed out");
        c.set("unhealthy", "Target.Timeout", "Request timed out");
        pool.refresh();
        assertThat(java.util.stream.IntStream.range(0, 30).mapToObj(i -> pool.pick().port).distinct()).containsExactlyInAnyOrder(1, 2, 3);

        a.draining = true;
        b.draining = true;
        c.draining = true;
        pool.refresh();
        assertThat(pool.pick()).isNull();
    }

    @Test
    void slowStartGivesANewlyHealthyTargetASmallShare() {
        TargetPool pool = new TargetPool(group("slow_start.duration_seconds", "600"));
        TargetState old = target(1, "healthy");
        old.healthySinceNanos = System.nanoTime() - 3_600_000_000_000L;
        TargetState fresh = target(2, "healthy");
        pool.add(old);
        pool.add(fresh);
        int toFresh = 0;
        for (int i = 0; i < 2000; i++) if (pool.pick() == fresh) toFresh++;
        assertThat(toFresh).isBetween(1, 300);
    }
}
