package io.dockyard.store.postgres;

import io.dockyard.core.port.logs.LogStore;
import io.dockyard.core.port.logs.LogStoreContractTest;
import io.dockyard.core.port.logs.LogStream;
import io.dockyard.core.port.logs.StoredEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The log store contract on PostgreSQL, plus two stores on one database (two replicas of a fleet). */
class PostgresLogStoreTest extends LogStoreContractTest {
    private static final TestDatabases databases = new TestDatabases();

    @AfterAll
    static void drop() { databases.dropAll(); }

    @Override
    protected LogStore open() { return PostgresLogStore.open(databases.create()); }

    /** Another store on the database of this test (the one {@link #open} made): a second replica, or the same one reopened. */
    private static LogStore replica() { return PostgresLogStore.open(databases.last()); }

    @Override
    protected LogStore reopen() {
        store.close();
        return replica();
    }

    private static List<StoredEvent> all(LogStore s, String stream) {
        return s.read("g", stream, 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 100_000, Long.MAX_VALUE, false);
    }

    @Test
    void twoReplicasAppendingToOneStreamNumberEveryEventOnce() throws Exception {
        store.createGroup(group("g"));
        store.createStream("g", "s", 0);
        int writers = 4, batches = 25, size = 20;
        try (LogStore other = replica(); ExecutorService pool = Executors.newFixedThreadPool(2 * writers)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LogStore.Outcome>> done = new ArrayList<>();
            for (LogStore replica : List.of(store, other)) {
                for (int w = 0; w < writers; w++) {
                    String prefix = (replica == store ? "a" : "b") + w + "-";
                    done.add(pool.submit(() -> {
                        start.await();
                        LogStore.Outcome o = null;
                        for (int i = 0; i < batches; i++) o = replica.append("g", "s", events(i * size, size, prefix + i + "."), i);
                        return o;
                    }));
                }
            }
            start.countDown();
            for (Future<LogStore.Outcome> f : done) assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(LogStore.Outcome.OK);
            int total = 2 * writers * batches * size;
            List<StoredEvent> seen = all(other, "s");
            assertThat(seen).extracting(StoredEvent::sequence).containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
            assertThat(seen).extracting(StoredEvent::message).doesNotHaveDuplicates();
            // each batch holds consecutive sequence numbers, in the order given
            for (int i = 0; i < total; i += size) {
                String batch = seen.get(i).message().substring(0, seen.get(i).message().lastIndexOf('.') + 1);
                for (int j = 0; j < size; j++) assertThat(seen.get(i + j).message()).isEqualTo(batch + j);
            }
            LogStream s = store.stream("g", "s").orElseThrow();
            assertThat(s.nextSequence()).isEqualTo(total);
            assertThat(s.storedBytes()).isEqualTo(seen.stream().mapToLong(e -> e.message().length() + PostgresLogStore.EVENT_OVERHEAD).sum());
        }
    }

    @Test
    void whatOneReplicaChangesTheOtherSeesAtOnce() {
        try (LogStore other = replica()) {
            store.createGroup(group("g"));
            assertThat(other.createStream("g", "s", 3)).isEqualTo(LogStore.Outcome.OK);
            assertThat(store.append("g", "s", events(10, 2, "x"), 5)).isEqualTo(LogStore.Outcome.OK);
            assertThat(other.stream("g", "s")).get().isEqualTo(new LogStream("s", 3, 10L, 11L, 5L, 2 * (2 + PostgresLogStore.EVENT_OVERHEAD), 2));
            assertThat(other.updateGroup("g", x -> x.withRetention(1))).isTrue();
            assertThat(store.group("g").orElseThrow().retentionInDays()).isEqualTo(1);
            assertThat(store.deleteGroup("g")).isTrue();
            assertThat(other.append("g", "s", events(20, 1, "late"), 6)).isEqualTo(LogStore.Outcome.NO_GROUP);
            assertThat(other.groups(null)).isEmpty();
            // made again under the same name: none of the old events come back
            assertThat(other.createGroup(group("g"))).isTrue();
            assertThat(other.createStream("g", "s", 4)).isEqualTo(LogStore.Outcome.OK);
            assertThat(all(store, "s")).isEmpty();
            assertThat(store.stream("g", "s").orElseThrow().nextSequence()).isZero();
        }
    }

    @Test
    void expiryCrossesChunksAndMessagesKeepEveryByte() {
        store.createGroup(group("g"));
        store.createStream("g", "s", 0);
        int n = PostgresLogStore.EXPIRE_CHUNK + 500;
        for (int i = 0; i < n; i += 1000) store.append("g", "s", events(i, Math.min(1000, n - i), "m"), 1);
        store.append("g", "s", List.of(new io.dockyard.core.port.logs.LogEvent(1_000_000, "nul\u0000 é \uD83D\uDE00")), 2);
        assertThat(store.expire("g", 1_000_000)).isPositive();
        assertThat(all(store, "s")).containsExactly(new StoredEvent("s", n, 1_000_000, 2, "nul\u0000 é \uD83D\uDE00"));
        LogStream s = store.stream("g", "s").orElseThrow();
        assertThat(s.firstEventTimestamp()).isEqualTo(1_000_000);
        assertThat(s.storedBytes()).isEqualTo("nul\u0000 é \uD83D\uDE00".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + PostgresLogStore.EVENT_OVERHEAD);
    }
}
