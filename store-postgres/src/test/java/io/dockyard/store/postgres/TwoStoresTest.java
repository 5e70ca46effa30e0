package io.dockyard.store.postgres;

import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.store.CachedStore;
import io.dockyard.store.StoreContractTest;
import io.dockyard.store.StoreContractTest.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two stores (two control-plane replicas) on one database: no write is lost, each sees the other's commits. */
class TwoStoresTest {
    private static final TestDatabases databases = new TestDatabases();
    private CachedStore a;
    private CachedStore b;

    @BeforeEach
    void open() {
        DatabaseUrl url = databases.create();
        a = PostgresJournal.open(url);
        b = PostgresJournal.open(url);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @AfterAll
    static void drop() { databases.dropAll(); }

    @Test
    void concurrentWritersOnTwoStoresLoseNothing() throws Exception {
        a.put(ITEM, new Item("counter", "g", 0));
        awaitHead(b, a.changes().head());
        int threads = 4, rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (Store s : List.of(a, b)) {
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int r = 0; r < rounds; r++) s.update(ITEM, "counter", i -> new Item("counter", "g", i.n() + 1));
                        return null;
                    }));
                }
            }
            start.countDown();
            for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        int total = 2 * threads * rounds;
        // each store has applied its own commits; the other's reach it by NOTIFY
        long head = Math.max(a.changes().head(), b.changes().head());
        awaitHead(a, head);
        awaitHead(b, head);
        assertThat(head).as("one revision per increment, plus the first put").isEqualTo(total + 1);
        assertThat(a.get(ITEM, "counter").orElseThrow().n()).isEqualTo(total);
        assertThat(b.get(ITEM, "counter").orElseThrow().n()).isEqualTo(total);
        assertThat(b.read(ITEM, "counter").orElseThrow().version()).isEqualTo(total + 1);
    }

    @Test
    void eachStoreSeesTheOthersCommitsOnItsFeed() throws Exception {
        long seen = b.changes().head();
        a.put(Kinds.CLUSTER, StoreContractTest.cluster("from-a"));
        assertThat(b.changes().await(seen, Duration.ofSeconds(10))).as("woken by NOTIFY").isGreaterThan(seen);
        assertThat(b.get(Kinds.CLUSTER, "from-a")).contains(StoreContractTest.cluster("from-a"));
        assertThat(b.changes().since(seen, 10).changes()).anySatisfy(c -> assertThat(c.key()).isEqualTo("from-a"));

        long seenByA = a.changes().head();
        b.delete(Kinds.CLUSTER, "from-a");
        assertThat(a.changes().await(seenByA, Duration.ofSeconds(10))).isGreaterThan(seenByA);
        assertThat(a.get(Kinds.CLUSTER, "from-a")).isEmpty();
        assertThat(a.changes().since(seenByA, 10).changes()).anySatisfy(c -> assertThat(c.deleted()).isTrue());
    }

    @Test
    void aStaleConditionalWriteIsRefused() {
        a.put(ITEM, new Item("x", "g", 1));
        awaitHead(b, a.changes().head());
        long version = b.read(ITEM, "x").orElseThrow().version();
        assertThat(a.putIf(ITEM, new Item("x", "g", 2), version)).isTrue();
        assertThat(b.putIf(ITEM, new Item("x", "g", 3), version)).as("b's copy was stale").isFalse();
        assertThat(b.get(ITEM, "x").orElseThrow().n()).isEqualTo(2);
        // a store that has not heard of a commit yet still catches up when its own commit conflicts
        assertThat(b.putIf(ITEM, new Item("x", "g", 3), version + 1)).isTrue();
        awaitHead(a, b.changes().head());
        assertThat(a.get(ITEM, "x").orElseThrow().n()).isEqualTo(3);
    }

    @Test
    void aResetOnOneReplicaIsSeenByTheOtherEvenWhenItWasBehind() throws Exception {
        a.put(ITEM, new Item("x", "g", 1));
        a.put(ITEM, new Item("y", "g", 1));
        awaitHead(b, a.changes().head());
        b.put(ITEM, new Item("z", "g", 1)); // b is now ahead of what a may have read
        a.clear(); // /_dockyard/reset on a
        long cleared = a.changes().head();
        assertThat(a.list(ITEM)).isEmpty();
        awaitHead(b, cleared);
        assertThat(b.list(ITEM)).as("b dropped what the reset wiped").isEmpty();
        assertThat(b.get(ITEM, "z")).isEmpty();
        // writes go on from both sides after the reset
        b.put(ITEM, new Item("after", "g", 2));
        awaitHead(a, b.changes().head());
        assertThat(a.get(ITEM, "after").orElseThrow().n()).isEqualTo(2);
        a.put(ITEM, new Item("after", "g", 3));
        awaitHead(b, a.changes().head());
        assertThat(b.get(ITEM, "after").orElseThrow().n()).isEqualTo(3);
    }

    private static void awaitHead(CachedStore s, long head) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (s.changes().head() < head && System.nanoTime() < deadline) {
            try {
                s.changes().await(s.changes().head(), Duration.ofMillis(100));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(s.changes().head()).isGreaterThanOrEqualTo(head);
    }

    private static final io.dockyard.core.port.Kind<Item> ITEM = StoreContractTest.ITEM;
}
