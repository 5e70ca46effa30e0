package io.dockyard.store;

import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Kinds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed keeps a bounded window: a reader that fell out of it is told to re-list. */
class CachedStoreFeedTest {

    @Test
    void aReaderBehindTheWindowIsReset() throws Exception {
        try (CachedStore store = new CachedStore(new MemoryJournal(), 4)) {
            Changes.Follower follower = store.changes().follow(List.of(Kinds.CLUSTER));
            for (int i = 0; i < 3; i++) store.put(Kinds.CLUSTER, StoreContractTest.cluster("c" + i));
            assertThat(store.changes().since(0, 100).changes()).hasSize(3);
            for (int i = 3; i < 10; i++) store.put(Kinds.CLUSTER, StoreContractTest.cluster("c" + i));
            assertThat(store.changes().head()).isEqualTo(10);
            assertThat(store.changes().since(0, 100).reset()).isTrue();
            assertThat(store.changes().since(5, 100).reset()).isTrue();
            assertThat(store.changes().since(6, 100).changes()).extracting(c -> c.revision()).containsExactly(7L, 8L, 9L, 10L);
            assertThat(follower.await(Duration.ofMillis(10))).isTrue();
            assertThat(follower.seen()).isEqualTo(10);
        }
    }
}
