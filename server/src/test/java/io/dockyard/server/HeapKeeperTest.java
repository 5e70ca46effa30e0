package io.dockyard.server;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeapKeeperTest {
    private static final long MB = 1L << 20;

    @Test
    void aCollectionIsDueOnceTheOldGenerationOutgrowsWhatIsLiveByTheSlackOrByItself() {
        assertThat(HeapKeeper.due(47 * MB, 0, 0)).isFalse();
        assertThat(HeapKeeper.due(49 * MB, 0, 0)).isTrue();            // before any full collection: the slack alone
        assertThat(HeapKeeper.due(52 * MB, 0, 52 * MB)).isFalse();     // ... but not the heap the start committed
        assertThat(HeapKeeper.due(53 * MB, 0, 52 * MB)).isTrue();
        assertThat(HeapKeeper.due(100 * MB, 52 * MB, 52 * MB)).isFalse(); // 52 live: due past 104 (twice the live set)
        assertThat(HeapKeeper.due(105 * MB, 52 * MB, 52 * MB)).isTrue();
        assertThat(HeapKeeper.due(60 * MB, 20 * MB, 52 * MB)).isFalse();  // 20 live: due past 68 (live + 48)
        assertThat(HeapKeeper.due(69 * MB, 20 * MB, 52 * MB)).isTrue();
    }

    @Test
    void aLargeLiveSetIsLeftAlone() {
        assertThat(HeapKeeper.due(257 * MB, 128 * MB, 52 * MB)).isTrue();
        assertThat(HeapKeeper.due(600 * MB, 129 * MB, 52 * MB)).isFalse();   // a full collection would pause for seconds
    }

    @Test
    void itCanBeTurnedOff() {
        assertThat(HeapKeeper.of(Map.of(HeapKeeper.ENV, "off"))).isEmpty();
    }
}
