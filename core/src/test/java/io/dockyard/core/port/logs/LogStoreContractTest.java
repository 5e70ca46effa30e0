package io.dockyard.core.port.logs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link LogStore} passes (the file store of module logs, the PostgreSQL one of store-postgres). A backend's
 * test says how to open a store and how to open it again on the same durable state.
 */
public abstract class LogStoreContractTest {
    protected LogStore store;

    protected abstract LogStore open();

    /** Closes the current store and opens a new one on the same durable state. */
    protected abstract LogStore reopen();

    @BeforeEach
    void setUp() { store = open(); }

    @AfterEach
    void tearDown() { store.close(); }

    protected static LogGroup group(String name) { return new LogGroup(name, 1000, null, Map.of()); }

    protected static List<LogEvent> events(long from, int n, String prefix) {
        return IntStream.range(0, n).mapToObj(i -> new LogEvent(from + i, prefix + i)).toList();
    }

    /** Group "g" with two streams holding these events. */
    private void twoStreams(String first, List<LogEvent> firstEvents, String second, List<LogEvent> secondEvents) {
        store.createGroup(group("g"));
        store.createStream("g", first, 0);
        store.createStream("g", second, 0);
        store.append("g", first, firstEvents, 1);
        store.append("g", second, secondEvents, 1);
    }

    private List<String> messages(List<StoredEvent> events) { return events.stream().map(StoredEvent::message).toList(); }

    @Test
    void groupsAreCreatedOnceListedByNameUpdatedAndDeleted() {
        assertThat(store.createGroup(group("/b"))).isTrue();
        assertThat(store.createGroup(group("/a/x"))).isTrue();
        assertThat(store.createGroup(group("/b"))).isFalse();
        assertThat(store.groups(null)).extracting(LogGroup::name).containsExactly("/a/x", "/b");
        assertThat(store.groups("/a")).extracting(LogGroup::name).containsExactly("/a/x");
        assertThat(store.updateGroup("/b", g -> g.withRetention(7).withTags(Map.of("k", "v")))).isTrue();
        assertThat(store.group("/b")).get().isEqualTo(new LogGroup("/b", 1000, 7, Map.of("k", "v")));
        assertThat(store.updateGroup("/none", g -> g)).isFalse();
        assertThat(store.deleteGroup("/b")).isTrue();
        assertThat(store.deleteGroup("/b")).isFalse();
        assertThat(store.group("/b")).isEmpty();
    }

    @Test
    void streamsBelongToTheirGroup() {
        store.createGroup(group("g"));
        assertThat(store.createStream("g", "s", 5)).isEqualTo(LogStore.Outcome.OK);
        assertThat(store.createStream("g", "s", 5)).isEqualTo(LogStore.Outcome.EXISTS);
        assertThat(store.createStream("none", "s", 5)).isEqualTo(LogStore.Outcome.NO_GROUP);
        assertThat(store.append("g", "other", events(1, 1, "m"), 9)).isEqualTo(LogStore.Outcome.NO_STREAM);
        assertThat(store.append("none", "s", events(1, 1, "m"), 9)).isEqualTo(LogStore.Outcome.NO_GROUP);
        assertThat(store.stream("g", "s")).get().isEqualTo(new LogStream("s", 5, null, null, null, 0, 0));
        assertThat(store.deleteStream("g", "s")).isEqualTo(LogStore.Outcome.OK);
        assertThat(store.deleteStream("g", "s")).isEqualTo(LogStore.Outcome.NO_STREAM);
        assertThat(store.streams("g")).get().asList().isEmpty();
        assertThat(store.streams("none")).isEmpty();
    }

    @Test
    void appendedEventsAreReadBackBySequenceAndTimeFromEitherEnd() {
        store.createGroup(group("g"));
        store.createStream("g", "s", 0);
        store.append("g", "s", events(100, 10, "a"), 500);
        store.append("g", "s", events(110, 10, "b"), 600);
        LogStream s = store.stream("g", "s").orElseThrow();
        assertThat(s.firstEventTimestamp()).isEqualTo(100);
        assertThat(s.lastEventTimestamp()).isEqualTo(119);
        assertThat(s.lastIngestionTime()).isEqualTo(600);
        assertThat(s.nextSequence()).isEqualTo(20);
        assertThat(s.storedBytes()).isPositive();

        List<StoredEvent> head = store.read("g", "s", 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 3, Long.MAX_VALUE, false);
        assertThat(messages(head)).containsExactly("a0", "a1", "a2");
        assertThat(head.get(0)).isEqualTo(new StoredEvent("s", 0, 100, 500, "a0"));
        assertThat(messages(store.read("g", "s", 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 3, Long.MAX_VALUE, true))).containsExactly("b7", "b8", "b9");
        assertThat(messages(store.read("g", "s", 8, 12, Long.MIN_VALUE, Long.MAX_VALUE, 100, Long.MAX_VALUE, false))).containsExactly("a8", "a9", "b0", "b1");
        assertThat(messages(store.read("g", "s", 0, Long.MAX_VALUE, 105, 112, 100, Long.MAX_VALUE, false))).containsExactly("a5", "a6", "a7", "a8", "a9", "b0", "b1");
        assertThat(messages(store.read("g", "s", 0, 15, 105, 112, 2, Long.MAX_VALUE, true))).containsExactly("b0", "b1");
        assertThat(store.read("g", "s", 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 100, 5, false)).hasSize(3); // byte cap
    }

    @Test
    void scanVisitsTheNamedStreamsInTheTimeRange() {
        twoStreams("a", events(0, 5, "a"), "b", events(2, 5, "b"));
        List<String> all = new ArrayList<>();
        store.scan("g", null, 3, 5, (stream, seq, ts, ing, bytes, len) -> all.add(stream + ":" + new String(bytes, 0, len)));
        assertThat(all).containsExactlyInAnyOrder("a:a3", "a:a4", "b:b1", "b:b2");
        List<String> onlyB = new ArrayList<>();
        store.scan("g", List.of("b", "missing"), Long.MIN_VALUE, Long.MAX_VALUE, (stream, seq, ts, ing, bytes, len) -> onlyB.add(stream + seq));
        assertThat(onlyB).containsExactly("b0", "b1", "b2", "b3", "b4");
    }

    @Test
    void expireDeletesOldEventsAndKeepsTheNumbering() {
        twoStreams("old", events(100, 3, "o"), "new", events(10_000, 3, "n"));
        assertThat(store.expire("g", 5_000)).isPositive();
        assertThat(store.read("g", "old", 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 100, Long.MAX_VALUE, false)).isEmpty();
        assertThat(store.stream("g", "old").orElseThrow().storedBytes()).isZero();
        assertThat(store.read("g", "new", 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 100, Long.MAX_VALUE, false)).hasSize(3);
        store.append("g", "old", events(20_000, 1, "later"), 2);
        assertThat(store.read("g", "old", 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 100, Long.MAX_VALUE, false))
                .containsExactly(new StoredEvent("old", 3, 20_000, 2, "later0"));
        assertThat(store.expire("g", 5_000)).isZero();
    }

    @Test
    void everythingSurvivesAReopen() {
        store.createGroup(group("g"));
        store.updateGroup("g", x -> x.withRetention(30));
        store.createStream("g", "s", 7);
        for (int i = 0; i < 50; i++) store.append("g", "s", events(i * 100L, 100, "e" + i + "-"), i);
        store = reopen();
        assertThat(store.group("g").orElseThrow().retentionInDays()).isEqualTo(30);
        LogStream s = store.stream("g", "s").orElseThrow();
        assertThat(s.nextSequence()).isEqualTo(5000);
        assertThat(s.creationTime()).isEqualTo(7);
        List<StoredEvent> all = store.read("g", "s", 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 10_000, Long.MAX_VALUE, false);
        assertThat(all).hasSize(5000);
        assertThat(all.get(4999)).isEqualTo(new StoredEvent("s", 4999, 4999, 49, "e49-99"));
        store.append("g", "s", events(9_999_999, 1, "next"), 1);
        assertThat(store.stream("g", "s").orElseThrow().nextSequence()).isEqualTo(5001);
    }

    @Test
    void concurrentAppendsToOneStreamLoseNothing() throws Exception {
        store.createGroup(group("g"));
        store.createStream("g", "s", 0);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LogStore.Outcome>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int writer = t;
                done.add(pool.submit(() -> {
                    LogStore.Outcome o = null;
                    for (int i = 0; i < 20; i++) o = store.append("g", "s", events(i, 10, "w" + writer + "-"), 1);
                    return o;
                }));
            }
            for (Future<LogStore.Outcome> f : done) assertThat(f.get()).isEqualTo(LogStore.Outcome.OK);
        }
        List<StoredEvent> all = store.read("g", "s", 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, 10_000, Long.MAX_VALUE, false);
        assertThat(all).hasSize(1600);
        assertThat(all).extracting(StoredEvent::sequence).containsExactlyElementsOf(IntStream.range(0, 1600).mapToObj(i -> (long) i).toList());
    }

    @Test
    void clearDeletesEverything() {
        store.createGroup(group("g"));
        store.createStream("g", "s", 0);
        store.append("g", "s", events(0, 3, "m"), 1);
        store.clear();
        assertThat(store.groups(null)).isEmpty();
        assertThat(store.createGroup(group("g"))).isTrue();
        assertThat(store.streams("g")).get().asList().isEmpty();
    }
}
