package io.dockyard.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {
    @Test
    void idsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.next();
            UUID u = UUID.fromString(id);
            assertThat(u.version()).isEqualTo(4);
            assertThat(u.variant()).isEqualTo(2);
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void serverTimingIsMillisecondsWithThreeDecimalsAsStringFormatWouldWriteThem() {
        for (long nanos : new long[] {0, 999, 1_000, 12_345, 999_999, 1_000_000, 1_234_567, 98_765_432_100L}) {
            assertThat(RequestIds.serverTiming(nanos)).isEqualTo(String.format(java.util.Locale.ROOT, "app;dur=%.3f", (nanos / 1000) / 1e3));
        }
    }
}
