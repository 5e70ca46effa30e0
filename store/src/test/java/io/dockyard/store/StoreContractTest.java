package io.dockyard.store;

import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Tag;
import io.dockyard.core.port.Change;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Index;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.core.port.Versioned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every store backend passes. A backend's test extends this and says how to open a
 * store and how to open it again on the same durable state ({@link #reopen()}).
 */
public abstract class StoreContractTest {
    protected Store store;

    protected abstract Store open();

    /** Closes the current store and opens a new one on the same durable state. */
    protected abstract Store reopen();

    @BeforeEach
    public void setUp() { store = open(); }

    @AfterEach
    public void tearDown() { store.close(); }

    public static Cluster cluster(String name) {
        return new Cluster("arn:aws:ecs:us-east-1:000000000000:cluster/" + name, name, "ACTIVE", List.of(), null, List.of(),
                List.of(), null, List.of(new Tag("k", "v")), Instant.parse("2026-01-02T03:04:05.678Z"));
    }

    @Test
    public void putThenGetReturnsEqualRecord() {
        store.put(Kinds.CLUSTER, cluster("a"));
        assertThat(store.get(Kinds.CLUSTER, "a")).contains(cluster("a"));
        assertThat(store.get(Kinds.CLUSTER, "missing")).isEmpty();
    }

    @Test
    public void listKeepsFirstStoredOrderAcrossUpdates() {
        store.put(Kinds.CLUSTER, cluster("b"));
        store.put(Kinds.CLUSTER, cluster("a"));
        store.put(Kinds.CLUSTER, cluster("c"));
        store.put(Kinds.CLUSTER, cluster("b").withStatus("INACTIVE"));
        assertThat(store.list(Kinds.CLUSTER)).extracting(Cluster::name).containsExactly("b", "a", "c");
        assertThat(store.list(Kinds.CLUSTER, c -> c.status().equals("INACTIVE"))).extracting(Cluster::name).containsExactly("b");
    }

    @Test
    public void deleteRemovesAndReportsPresence() {
        store.put(Kinds.CLUSTER, cluster("a"));
        assertThat(store.delete(Kinds.CLUSTER, "a")).isTrue();
        assertThat(store.delete(Kinds.CLUSTER, "a")).isFalse();
        assertThat(store.list(Kinds.CLUSTER)).isEmpty();
    }

    @Test
    public void failedTransactionLeavesNothing() {
        store.put(Kinds.CLUSTER, cluster("keep"));
        assertThatThrownBy(() -> store.atomically(() -> {
            store.put(Kinds.CLUSTER, cluster("a"));
            store.delete(Kinds.CLUSTER, "keep");
            assertThat(store.get(Kinds.CLUSTER, "a")).isPresent();
            assertThat(store.get(Kinds.CLUSTER, "keep")).isEmpty();
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.list(Kinds.CLUSTER)).extracting(Cluster::name).containsExactly("keep");
    }

    @Test
    public void stateSurvivesReopen() {
        store.put(Kinds.CLUSTER, cluster("x").withConfiguration(Map.of("executeCommandConfiguration", Map.of("logging", "DEFAULT")), null));
        store.put(Kinds.CLUSTER, cluster("y"));
        store.delete(Kinds.CLUSTER, "y");
        store = reopen();
        assertThat(store.list(Kinds.CLUSTER)).hasSize(1);
        assertThat(store.get(Kinds.CLUSTER, "x").orElseThrow().configuration())
                .isEqualTo(Map.of("executeCommandConfiguration", Map.of("logging", "DEFAULT")));
        store.put(Kinds.CLUSTER, cluster("z"));
        assertThat(store.list(Kinds.CLUSTER)).extracting(Cluster::name).containsExactly("x", "z");
    }

    @Test
    public void clearRemovesEverything() {
        store.put(Kinds.CLUSTER, cluster("a"));
        store.clear();
        assertThat(store.list(Kinds.CLUSTER)).isEmpty();
        store = reopen();
        assertThat(store.list(Kinds.CLUSTER)).isEmpty();
    }

    public record Item(String id, String group, int n) {}

    public static final Kind<Item> ITEM = Kind.of("test.item", Item.class, Item::id);
    static final Index<Item> BY_GROUP = Index.of("test.items-by-group", ITEM, Item::group);

    @Test
    public void versionsStartAtOneAndGrowByOnePerWrite() {
        store.put(ITEM, new Item("a", "g", 1));
        assertThat(store.read(ITEM, "a")).contains(new Versioned<>(new Item("a", "g", 1), 1));
        store.put(ITEM, new Item("a", "g", 2));
        assertThat(store.read(ITEM, "a").orElseThrow().version()).isEqualTo(2);
        store.delete(ITEM, "a");
        assertThat(store.read(ITEM, "a")).isEmpty();
        store.put(ITEM, new Item("a", "g", 3));
        assertThat(store.read(ITEM, "a").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    public void putIfAndDeleteIfWriteOnlyAtTheExpectedVersion() {
        assertThat(store.putIf(ITEM, new Item("a", "g", 1), 1)).isFalse();
        assertThat(store.putIf(ITEM, new Item("a", "g", 1), 0)).isTrue();
        assertThat(store.putIf(ITEM, new Item("a", "g", 2), 0)).isFalse();
        assertThat(store.putIf(ITEM, new Item("a", "g", 2), 2)).isFalse();
        assertThat(store.putIf(ITEM, new Item("a", "g", 2), 1)).isTrue();
        assertThat(store.get(ITEM, "a").orElseThrow().n()).isEqualTo(2);
        assertThat(store.deleteIf(ITEM, "a", 1)).isFalse();
        assertThat(store.get(ITEM, "a")).isPresent();
        assertThat(store.deleteIf(ITEM, "a", 2)).isTrue();
        assertThat(store.get(ITEM, "a")).isEmpty();
        assertThat(store.deleteIf(ITEM, "a", 2)).isFalse();
    }

    @Test
    public void updateAppliesTheChangeToTheStoredRecord() {
        assertThat(store.update(ITEM, "a", i -> new Item("a", "g", i.n() + 1))).isEmpty();
        store.put(ITEM, new Item("a", "g", 1));
        assertThat(store.update(ITEM, "a", i -> new Item("a", "g", i.n() + 1))).contains(new Item("a", "g", 2));
        assertThat(store.read(ITEM, "a").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    public void concurrentReadModifyWritesAreNeverLost() throws Exception {
        store.put(ITEM, new Item("counter", "g", 0));
        int threads = 8, rounds = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        if (id % 2 == 0) {
                            store.update(ITEM, "counter", i -> new Item("counter", "g", i.n() + 1));
                        } else {
                            store.atomically(() -> {
                                Item i = store.get(ITEM, "counter").orElseThrow();
                                store.put(ITEM, new Item("counter", "g", i.n() + 1));
                            });
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.get(ITEM, "counter").orElseThrow().n()).isEqualTo(threads * rounds);
        assertThat(store.read(ITEM, "counter").orElseThrow().version()).isEqualTo(threads * rounds + 1);
    }

    @Test
    public void aTransactionThatReadAChangedRecordRunsAgain() {
        store.put(ITEM, new Item("a", "g", 1));
        AtomicInteger runs = new AtomicInteger();
        store.atomically(() -> {
            Item i = store.get(ITEM, "a").orElseThrow();
            if (runs.incrementAndGet() == 1) {
                Thread other = Thread.ofVirtual().start(() -> store.put(ITEM, new Item("a", "g", 10)));
                join(other);
            }
            store.put(ITEM, new Item("a", "g", i.n() + 1));
        });
        assertThat(runs.get()).isEqualTo(2);
        assertThat(store.get(ITEM, "a").orElseThrow().n()).isEqualTo(11);
    }

    @Test
    public void listingByIndexConflictsOnlyWithWritesUnderTheSameValue() {
        store.put(ITEM, new Item("a", "x", 1));
        AtomicInteger runs = new AtomicInteger();
        store.atomically(() -> {
            List<Item> xs = store.list(BY_GROUP, "x");
            if (runs.incrementAndGet() == 1) join(Thread.ofVirtual().start(() -> store.put(ITEM, new Item("b", "y", 1))));
            store.put(ITEM, new Item("sum-x", "sums", xs.size()));
        });
        assertThat(runs.get()).as("a write under another value does not conflict").isEqualTo(1);

        runs.set(0);
        store.atomically(() -> {
            List<Item> xs = store.list(BY_GROUP, "x");
            if (runs.incrementAndGet() == 1) join(Thread.ofVirtual().start(() -> store.put(ITEM, new Item("c", "x", 1))));
            store.put(ITEM, new Item("sum-x", "sums", xs.size()));
        });
        assertThat(runs.get()).as("a write under the same value does").isEqualTo(2);
        assertThat(store.get(ITEM, "sum-x").orElseThrow().n()).isEqualTo(2);
    }

    @Test
    public void listingAKindConflictsWithAnyWriteOfTheKind() {
        AtomicInteger runs = new AtomicInteger();
        store.atomically(() -> {
            int n = store.list(ITEM).size();
            if (runs.incrementAndGet() == 1) join(Thread.ofVirtual().start(() -> store.put(ITEM, new Item("b", "y", 1))));
            store.put(Kinds.CLUSTER, cluster("n" + n));
        });
        assertThat(runs.get()).isEqualTo(2);
        assertThat(store.list(Kinds.CLUSTER)).extracting(Cluster::name).containsExactly("n1");
    }

    @Test
    public void indexesFollowPutsMovesDeletesTransactionsAndReopen() {
        store.put(ITEM, new Item("a", "x", 1));
        store.put(ITEM, new Item("b", "y", 1));
        store.put(ITEM, new Item("c", "x", 1));
        assertThat(store.list(BY_GROUP, "x")).extracting(Item::id).containsExactly("a", "c");
        store.put(ITEM, new Item("a", "y", 2));
        assertThat(store.list(BY_GROUP, "x")).extracting(Item::id).containsExactly("c");
        assertThat(store.list(BY_GROUP, "y")).extracting(Item::id).containsExactly("a", "b");
        store.delete(ITEM, "b");
        assertThat(store.list(BY_GROUP, "y")).extracting(Item::id).containsExactly("a");
        assertThat(store.list(BY_GROUP, "none")).isEmpty();
        store.atomically(() -> {
            store.put(ITEM, new Item("d", "x", 1));
            store.delete(ITEM, "c");
            assertThat(store.list(BY_GROUP, "x")).extracting(Item::id).containsExactly("d");
        });
        assertThat(store.list(BY_GROUP, "x")).extracting(Item::id).containsExactly("d");
        store = reopen();
        assertThat(store.list(BY_GROUP, "x")).extracting(Item::id).containsExactly("d");
        assertThat(store.list(BY_GROUP, "y")).extracting(Item::id).containsExactly("a");
        store.clear();
        assertThat(store.list(BY_GROUP, "y")).isEmpty();
    }

    @Test
    public void everyCommitHasTheNextRevisionAndItsChanges() {
        Changes feed = store.changes();
        long start = feed.head();
        store.put(ITEM, new Item("a", "x", 1));
        store.atomically(() -> {
            store.put(ITEM, new Item("b", "x", 1));
            store.delete(ITEM, "a");
        });
        store.delete(ITEM, "missing");
        store.atomically(() -> store.get(ITEM, "b"));
        assertThat(feed.head()).isEqualTo(start + 2);
        Changes.Page page = feed.since(start, 100);
        assertThat(page.reset()).isFalse();
        assertThat(page.changes()).containsExactlyInAnyOrder(
                new Change(start + 1, "test.item", "a", 1, false),
                new Change(start + 2, "test.item", "b", 1, false),
                new Change(start + 2, "test.item", "a", 1, true));
        assertThat(feed.since(start + 1, 1).changes()).as("a page never splits a commit").hasSize(2);
        assertThat(feed.since(start + 2, 100).changes()).isEmpty();
    }

    @Test
    public void theRevisionSurvivesReopen() {
        store.put(ITEM, new Item("a", "x", 1));
        store.put(ITEM, new Item("a", "x", 2));
        long head = store.changes().head();
        store = reopen();
        assertThat(store.changes().head()).isEqualTo(head);
        assertThat(store.read(ITEM, "a").orElseThrow().version()).isEqualTo(2);
        store.put(ITEM, new Item("a", "x", 3));
        assertThat(store.changes().head()).isEqualTo(head + 1);
        assertThat(store.read(ITEM, "a").orElseThrow().version()).isEqualTo(3);
    }

    @Test
    public void awaitWakesOnACommitAndFollowersSeeOnlyTheirKinds() throws Exception {
        Changes feed = store.changes();
        Changes.Follower clusters = feed.follow(List.of(Kinds.CLUSTER));
        long seen = feed.head();
        assertThat(feed.await(seen, Duration.ofMillis(20))).isEqualTo(seen);
        Thread writer = Thread.ofVirtual().start(() -> {
            sleep(50);
            store.put(ITEM, new Item("a", "x", 1));
            sleep(50);
            store.put(Kinds.CLUSTER, cluster("c"));
        });
        assertThat(feed.await(seen, Duration.ofSeconds(10))).isEqualTo(seen + 1);
        long before = System.nanoTime();
        assertThat(clusters.await(Duration.ofSeconds(10))).isTrue();
        assertThat(System.nanoTime() - before).as("woken by the cluster, not the item").isGreaterThan(Duration.ofMillis(20).toNanos());
        assertThat(clusters.seen()).isEqualTo(seen + 2);
        assertThat(clusters.await(Duration.ofMillis(30))).isFalse();
        writer.join();
    }

    @Test
    public void clearResetsFollowers() throws Exception {
        store.put(ITEM, new Item("a", "x", 1));
        long seen = store.changes().head();
        Changes.Follower items = store.changes().follow(List.of(ITEM));
        store.clear();
        assertThat(store.changes().since(seen, 10).reset()).isTrue();
        assertThat(items.await(Duration.ofMillis(10))).isTrue();
    }

    @Test
    public void exclusiveWorkRunsOnceAndUpgradesAnOptimisticCaller() {
        AtomicInteger runs = new AtomicInteger();
        store.atomically(() -> {
            runs.incrementAndGet();
            store.put(ITEM, new Item("a", "x", 1));
            store.exclusively(() -> { store.put(ITEM, new Item("b", "x", 1)); return null; });
        });
        assertThat(runs.get()).as("the optimistic try, then the exclusive run").isEqualTo(2);
        assertThat(store.list(BY_GROUP, "x")).extracting(Item::id).containsExactly("a", "b");
    }

    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void hookPauseSurvivesReopen() {
        var waiting = new io.dockyard.core.model.HookPause("svc", "ecs-svc/1", List.of("PRE_SCALE_UP"), "POST_TEST_TRAFFIC_SHIFT", "h1",
                Instant.parse("2026-01-02T03:04:05.678Z"), null);
        var fresh = new io.dockyard.core.model.HookPause("svc2", "ecs-svc/2", List.of(), null, null, null, null);
        store.put(io.dockyard.core.model.HookPause.KIND, waiting);
        store.put(io.dockyard.core.model.HookPause.KIND, fresh);
        store = reopen();
        assertThat(store.get(io.dockyard.core.model.HookPause.KIND, "svc")).contains(waiting);
        assertThat(store.get(io.dockyard.core.model.HookPause.KIND, "svc2")).contains(fresh);
    }
}
