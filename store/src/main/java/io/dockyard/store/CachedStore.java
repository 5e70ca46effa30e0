package io.dockyard.store;

import io.dockyard.core.port.Change;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Index;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;
import io.dockyard.core.port.Versioned;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A {@link Store} that serves every read from memory and writes through to a durable {@link Journal}
 * before a write becomes visible.
 *
 * <p>Transactions are optimistic: {@link #atomically} runs its work without a lock against the live
 * records, buffering writes and remembering what it read (a record's version, a kind's or an index
 * bucket's revision). The commit takes one short lock, checks those are unchanged, hands the rows to
 * the journal (which may refuse them with a {@link ConflictException} when another process sharing its
 * database got there first) and only then applies them in memory, bumps the store-wide revision and
 * publishes the changes. A transaction that read something changed meanwhile runs again; after
 * {@link #OPTIMISTIC_ATTEMPTS} tries it runs {@link #exclusively} so it cannot starve.
 */
public final class CachedStore implements Store {

    /**
     * The durable side: what a backend (SQLite, PostgreSQL, memory) must do. The contract, checked by
     * {@code StoreContractTest} through the store:
     * <ul>
     * <li>{@link #load()} answers every live row in first-stored ({@code seq}) order and the head revision.</li>
     * <li>{@link #commit} applies the rows of one revision as one transaction, or none of them. It is a
     *     compare-and-set: a row with a body expects the stored version to be {@code version - 1} (0: no
     *     row), a delete (body null) expects {@code version}; and the revision must be one past the stored
     *     head. If any expectation fails (another process sharing the database wrote first) it writes
     *     nothing and throws {@link ConflictException}; the store then catches up with {@link #since}
     *     and runs the transaction again.</li>
     * <li>{@link #since} answers the rows written after a revision by others (a shared database keeps
     *     deletes as tombstones long enough for that); a journal only this process writes may answer none.</li>
     * <li>{@link #onForeignCommit} registers a callback run when another process committed (LISTEN/NOTIFY);
     *     a journal only this process writes never calls it.</li>
     * <li>{@link #clear} removes every row and sets the head revision.</li>
     * </ul>
     */
    public interface Journal extends AutoCloseable {
        Loaded load();

        void commit(long revision, List<Row> rows);

        default List<Row> since(long revision) { return List.of(); }

        default void onForeignCommit(Runnable callback) {}

        /**
         * Wipes every record; the head becomes {@code atLeast}, or past the shared head when other processes committed
         * further; answers the head. Journals shared by processes report the clear in {@link #since}.
         */
        long clear(long atLeast);

        @Override void close();

        /**
         * The kind of the marker row {@link #since} answers first when the journal was cleared after the revision asked
         * about (by another process): readers drop everything they hold and go on from the marker's revision.
         */
        String CLEARED = "__cleared__";
    }

    /**
     * A stored row: {@code seq} orders rows of a kind by first storage, {@code version} is the record's
     * version after the write (for a delete, the version deleted), {@code revision} the commit's.
     */
    public record Row(String kind, String key, long seq, long version, long revision, String body) {
        public boolean deleted() { return body == null; }

        /** The version the journal must find stored for this row to apply (0: none). */
        public long expectedVersion() { return deleted() ? version : version - 1; }
    }

    /** What a journal holds at start: its rows and the last revision committed. */
    public record Loaded(List<Row> rows, long head) {}

    /** Thrown by a journal when the stored state is not what a commit expected. */
    public static final class ConflictException extends RuntimeException {
        public ConflictException(String message) { super(message, null, false, false); }
    }

    /** How many times a conflicting transaction runs optimistically before it runs exclusively. */
    public static final int OPTIMISTIC_ATTEMPTS = 8;
    /** How many times an exclusive transaction runs when other processes sharing the journal keep committing first. */
    public static final int EXCLUSIVE_ATTEMPTS = 1000;
    /** How many changes the feed keeps. */
    public static final int DEFAULT_FEED_SIZE = 65_536;

    private record Entry(long seq, long version, Object value) {}

    /** A buffered write of a transaction; value null = delete. */
    private record Pending(Kind<Object> kind, Object value, long order) {}

    private final class Tx {
        final boolean exclusive;
        final long epoch = CachedStore.this.epoch;
        final Map<String, Map<String, Pending>> writes = new LinkedHashMap<>();
        final Map<String, Long> versions = new HashMap<>();
        final Map<String, Long> kindReads = new HashMap<>();
        final Map<String, Long> bucketReads = new HashMap<>();
        long order = Long.MAX_VALUE / 2;

        Tx(boolean exclusive) { this.exclusive = exclusive; }

        Pending pending(Kind<?> kind, String key) {
            Map<String, Pending> w = writes.get(kind.name());
            return w == null ? null : w.get(key);
        }

        /** The version of the record as this transaction sees it, remembered for the commit check. */
        long version(Kind<?> kind, String key) {
            Pending p = pending(kind, key);
            long live = versions.computeIfAbsent(id(kind.name(), key), k -> {
                Entry e = table(kind).get(key);
                return e == null ? 0L : e.version();
            });
            if (p == null) return live;
            return p.value() == null ? 0 : live + 1;
        }

        @SuppressWarnings("unchecked")
        void write(Kind<?> kind, String key, Object value) {
            version(kind, key);
            writes.computeIfAbsent(kind.name(), k -> new LinkedHashMap<>()).put(key, new Pending((Kind<Object>) kind, value, order++));
        }
    }

    /** Thrown inside an optimistic block that asked to run exclusively: the outer block starts again, exclusively. */
    private static final class RunExclusively extends Error {
        RunExclusively() { super(null, null, false, false); }
    }

    private static final class Retry extends RuntimeException {
        Retry() { super(null, null, false, false); }
    }

    private final Journal journal;
    private final Codec codec = new Codec();
    private final Map<String, Map<String, Entry>> tables = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Row>> unread = new ConcurrentHashMap<>();
    private final Map<String, List<IndexState>> indexes = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> types = new ConcurrentHashMap<>();
    private final Map<String, Long> kindRevisions = new ConcurrentHashMap<>();
    private final Map<String, Long> bucketRevisions = new ConcurrentHashMap<>();
    /** Fair: a loop that runs exclusive passes back to back (the service scheduler placing 1,000 tasks) must not starve API commits. */
    private final ReentrantLock commitLock = new ReentrantLock(true);
    private final ThreadLocal<Tx> tx = new ThreadLocal<>();
    private final Feed feed;
    private long seq;
    private volatile long epoch;

    public CachedStore(Journal journal) { this(journal, DEFAULT_FEED_SIZE); }

    public CachedStore(Journal journal, int feedSize) {
        this.journal = journal;
        Loaded loaded = journal.load();
        for (Row row : loaded.rows()) {
            unread.computeIfAbsent(row.kind(), k -> new ConcurrentHashMap<>()).put(row.key(), row);
            seq = Math.max(seq, row.seq());
        }
        this.feed = new Feed(feedSize, loaded.head());
        journal.onForeignCommit(this::catchUp);
    }

    private static String id(String kind, String key) { return kind + '\u0000' + key; }

    // ---- reads

    /** The live records of a kind; decoded on first use (the store does not know the types up front). */
    private Map<String, Entry> table(Kind<?> kind) {
        Map<String, Entry> t = tables.get(kind.name());
        if (t != null) return t;
        commitLock.lock();
        try {
            t = tables.get(kind.name());
            if (t != null) return t;
            types.put(kind.name(), kind.type());
            Map<String, Entry> fresh = new ConcurrentHashMap<>();
            Map<String, Row> raw = unread.remove(kind.name());
            if (raw != null) raw.forEach((key, row) -> fresh.put(key, new Entry(row.seq(), row.version(), codec.read(row.body(), kind.type()))));
            tables.put(kind.name(), fresh);
            return fresh;
        } finally {
            commitLock.unlock();
        }
    }

    @Override
    public <T> Optional<T> get(Kind<T> kind, String key) { return read(kind, key).map(Versioned::value); }

    @Override
    public <T> Optional<Versioned<T>> read(Kind<T> kind, String key) {
        Tx t = tx.get();
        if (t != null) {
            long version = t.version(kind, key);
            Pending p = t.pending(kind, key);
            if (p != null) return p.value() == null ? Optional.empty() : Optional.of(new Versioned<>(kind.type().cast(p.value()), version));
        }
        Entry e = table(kind).get(key);
        if (e == null) return Optional.empty();
        if (t != null && e.version() != t.versions.get(id(kind.name(), key))) throw new Retry();
        return Optional.of(new Versioned<>(kind.type().cast(e.value()), e.version()));
    }

    @Override
    public <T> List<T> list(Kind<T> kind) {
        Tx t = tx.get();
        if (t != null) t.kindReads.putIfAbsent(kind.name(), kindRevisions.getOrDefault(kind.name(), 0L));
        return merged(kind, t, sorted(table(kind), null), null);
    }

    /** Filters before sorting (a scan that keeps few records sorts few), and sees the transaction's own writes. */
    @Override
    public <T> List<T> list(Kind<T> kind, java.util.function.Predicate<? super T> filter) {
        Tx t = tx.get();
        if (t != null) {
            t.kindReads.putIfAbsent(kind.name(), kindRevisions.getOrDefault(kind.name(), 0L));
            return merged(kind, t, sorted(table(kind), null), null).stream().filter(filter).map(v -> (T) v).toList();
        }
        return merged(kind, null, sorted(table(kind), v -> filter.test(kind.type().cast(v))), null);
    }

    private static List<Keyed> sorted(Map<String, Entry> live, java.util.function.Predicate<Object> keep) {
        List<Keyed> all = new ArrayList<>();
        live.forEach((key, e) -> { if (keep == null || keep.test(e.value())) all.add(new Keyed(key, e)); });
        all.sort(Comparator.comparingLong(k -> k.entry().seq()));
        return all;
    }

    @Override
    public <T> List<T> list(Index<T> index, String value) {
        Objects.requireNonNull(value, "value is null");
        IndexState state = index(index);
        Tx t = tx.get();
        if (t != null) t.bucketReads.putIfAbsent(id(index.name(), value), bucketRevisions.getOrDefault(id(index.name(), value), 0L));
        java.util.NavigableMap<Long, Keyed> bucket = state.buckets.get(value);
        return merged(index.kind(), t, bucket == null ? List.of() : bucket.values(), p -> value.equals(index.value().apply(index.kind().type().cast(p))));
    }

    /** An entry with its key, as index buckets hold them (in seq order). */
    private record Keyed(String key, Entry entry) {}

    /**
     * The live entries (given oldest first) with a transaction's buffered writes laid over them, oldest first: without
     * buffered writes of the kind, no sort at all.
     */
    private <T> List<T> merged(Kind<T> kind, Tx t, java.util.Collection<Keyed> live, java.util.function.Predicate<Object> belongs) {
        Map<String, Pending> pending = t == null ? Map.of() : t.writes.getOrDefault(kind.name(), Map.of());
        if (pending.isEmpty()) {
            List<T> out = new ArrayList<>(live.size());
            for (Keyed k : live) out.add(kind.type().cast(k.entry().value()));
            return out;
        }
        List<Entry> entries = new ArrayList<>(live.size() + pending.size());
        for (Keyed k : live) if (!pending.containsKey(k.key())) entries.add(k.entry());
        Map<String, Entry> all = table(kind);
        pending.forEach((key, p) -> {
            if (p.value() == null || belongs != null && !belongs.test(p.value())) return;
            Entry old = all.get(key);
            entries.add(new Entry(old != null ? old.seq() : p.order(), 0, p.value()));
        });
        entries.sort(Comparator.comparingLong(Entry::seq)); // nearly sorted already: linear
        List<T> out = new ArrayList<>(entries.size());
        for (Entry e : entries) out.add(kind.type().cast(e.value()));
        return out;
    }

    // ---- writes

    @Override
    public <T> void put(Kind<T> kind, T value) {
        String key = kind.key().apply(value);
        atomically(() -> { tx.get().write(kind, key, value); return null; });
    }

    @Override
    public <T> boolean putIf(Kind<T> kind, T value, long expectedVersion) {
        String key = kind.key().apply(value);
        return atomically(() -> {
            Tx t = tx.get();
            if (t.version(kind, key) != expectedVersion) return false;
            t.write(kind, key, value);
            return true;
        });
    }

    @Override
    public <T> boolean delete(Kind<T> kind, String key) {
        return atomically(() -> {
            Tx t = tx.get();
            if (t.version(kind, key) == 0) return false;
            t.write(kind, key, null);
            return true;
        });
    }

    @Override
    public <T> boolean deleteIf(Kind<T> kind, String key, long expectedVersion) {
        return atomically(() -> {
            Tx t = tx.get();
            long v = t.version(kind, key);
            if (v == 0 || v != expectedVersion) return false;
            t.write(kind, key, null);
            return true;
        });
    }

    // ---- transactions

    @Override
    public <R> R atomically(Supplier<R> work) {
        if (tx.get() != null) return work.get();
        for (int attempt = 1; attempt <= OPTIMISTIC_ATTEMPTS; attempt++) {
            Tx t = new Tx(false);
            tx.set(t);
            R result;
            try {
                result = work.get();
            } catch (RunExclusively e) {
                break;
            } catch (Retry e) {
                continue;
            } catch (RuntimeException e) {
                if (stale(t)) continue;
                throw e;
            } finally {
                tx.remove();
            }
            if (commit(t)) return result;
        }
        return exclusively(work);
    }

    @Override
    public <R> R exclusively(Supplier<R> work) {
        Tx outer = tx.get();
        if (outer != null) {
            if (outer.exclusive) return work.get();
            throw new RunExclusively();
        }
        commitLock.lock();
        try {
            // no commit of this process lands meanwhile; another process sharing the journal may still
            // commit first, and then the work runs again on what it wrote
            for (int attempt = 1; ; attempt++) {
                catchUp();
                Tx t = new Tx(true);
                tx.set(t);
                R result;
                try {
                    result = work.get();
                } finally {
                    tx.remove();
                }
                if (commit(t)) return result;
                if (attempt == EXCLUSIVE_ATTEMPTS) throw new IllegalStateException("the store's journal refused " + attempt + " commits in a row");
            }
        } finally {
            commitLock.unlock();
        }
    }

    /** True if something the transaction read has changed since (caller may or may not hold the lock). */
    private boolean stale(Tx t) {
        if (t.epoch != epoch) return true;
        for (Map.Entry<String, Long> r : t.versions.entrySet()) {
            String id = r.getKey();
            int cut = id.indexOf('\u0000');
            Map<String, Entry> table = tables.get(id.substring(0, cut));
            Entry e = table == null ? null : table.get(id.substring(cut + 1));
            if ((e == null ? 0 : e.version()) != r.getValue()) return true;
        }
        for (Map.Entry<String, Long> r : t.kindReads.entrySet()) {
            if (!kindRevisions.getOrDefault(r.getKey(), 0L).equals(r.getValue())) return true;
        }
        for (Map.Entry<String, Long> r : t.bucketReads.entrySet()) {
            if (!bucketRevisions.getOrDefault(r.getKey(), 0L).equals(r.getValue())) return true;
        }
        return false;
    }

    /** Checks and commits a finished transaction; false if it must run again. */
    private boolean commit(Tx t) {
        if (t.writes.isEmpty()) return t.exclusive || !stale(t);
        Map<Pending, String> bodies = new HashMap<>();
        t.writes.values().forEach(w -> w.values().forEach(p -> { if (p.value() != null) bodies.put(p, codec.write(p.value())); }));
        commitLock.lock();
        try {
            if (!t.exclusive && stale(t)) return false;
            long revision = feed.head() + 1;
            List<Row> rows = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            long nextSeq = seq;
            for (Map<String, Pending> w : t.writes.values()) {
                for (Map.Entry<String, Pending> en : w.entrySet()) {
                    Pending p = en.getValue();
                    Entry live = table(p.kind()).get(en.getKey());
                    if (p.value() == null) {
                        if (live == null) continue;
                        rows.add(new Row(p.kind().name(), en.getKey(), live.seq(), live.version(), revision, null));
                    } else {
                        rows.add(new Row(p.kind().name(), en.getKey(), live != null ? live.seq() : ++nextSeq,
                                live != null ? live.version() + 1 : 1, revision, bodies.get(p)));
                    }
                    values.add(p.value());
                }
            }
            if (rows.isEmpty()) return true;
            try {
                journal.commit(revision, rows);
            } catch (ConflictException e) {
                catchUp();
                return false;
            }
            apply(rows, values);
            return true;
        } finally {
            commitLock.unlock();
        }
    }

    /** Applies committed rows in memory and publishes them; values null = decode from the body. Under the commit lock. */
    private void apply(List<Row> rows, List<Object> values) {
        long head = feed.head();
        List<Change> changes = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            seq = Math.max(seq, row.seq());
            head = Math.max(head, row.revision());
            changes.add(new Change(row.revision(), row.kind(), row.key(), row.version(), row.deleted()));
            Map<String, Entry> table = tables.get(row.kind());
            if (table == null) {
                Map<String, Row> raw = unread.computeIfAbsent(row.kind(), k -> new ConcurrentHashMap<>());
                if (row.deleted()) raw.remove(row.key()); else raw.put(row.key(), row);
                kindRevisions.put(row.kind(), row.revision());
                continue;
            }
            Object value = values != null ? values.get(i) : null;
            Entry old = table.get(row.key());
            Entry neu = null;
            if (!row.deleted()) {
                if (value == null) value = codec.read(row.body(), kindType(row.kind()));
                neu = new Entry(row.seq(), row.version(), value);
                table.put(row.key(), neu);
            } else {
                table.remove(row.key());
            }
            for (IndexState ix : indexes.getOrDefault(row.kind(), List.of())) ix.move(row.key(), old, neu, row.revision());
            kindRevisions.put(row.kind(), row.revision());
        }
        feed.append(changes, head);
    }

    private Class<?> kindType(String kind) {
        Class<?> type = types.get(kind);
        if (type == null) throw new IllegalStateException("no type known for kind " + kind);
        return type;
    }

    /** Reads what other processes committed to a shared journal; a no-op for a journal only this process writes. */
    private void catchUp() {
        commitLock.lock();
        try {
            List<Row> rows = journal.since(feed.head());
            if (!rows.isEmpty() && Journal.CLEARED.equals(rows.getFirst().kind())) {
                wipe(rows.getFirst().revision()); // another replica reset the state
                rows = rows.subList(1, rows.size());
            }
            if (!rows.isEmpty()) apply(rows, null);
        } finally {
            commitLock.unlock();
        }
    }

    // ---- indexes

    private final class IndexState {
        final Index<Object> index;
        /** Index value → its entries by seq (first-stored order, fixed per key), so a bucket lists in order without sorting. */
        final Map<String, java.util.concurrent.ConcurrentSkipListMap<Long, Keyed>> buckets = new ConcurrentHashMap<>();

        IndexState(Index<Object> index) { this.index = index; }

        String valueOf(Entry e) { return e == null ? null : index.value().apply(e.value()); }

        void move(String key, Entry old, Entry neu, long revision) {
            String from = valueOf(old);
            String to = valueOf(neu);
            if (from != null) {
                java.util.concurrent.ConcurrentSkipListMap<Long, Keyed> b = buckets.get(from);
                if (b != null) {
                    b.remove(old.seq());
                    if (b.isEmpty()) buckets.remove(from);
                }
                bucketRevisions.put(id(index.name(), from), revision);
            }
            if (to != null) {
                buckets.computeIfAbsent(to, v -> new java.util.concurrent.ConcurrentSkipListMap<>()).put(neu.seq(), new Keyed(key, neu));
                bucketRevisions.put(id(index.name(), to), revision);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private IndexState index(Index<?> index) {
        for (IndexState s : indexes.getOrDefault(index.kind().name(), List.of())) if (s.index.equals(index)) return s;
        commitLock.lock();
        try {
            List<IndexState> list = indexes.getOrDefault(index.kind().name(), List.of());
            for (IndexState s : list) if (s.index.equals(index)) return s;
            IndexState state = new IndexState((Index<Object>) index);
            table(index.kind()).forEach((key, e) -> state.move(key, null, e, bucketRevisions.getOrDefault(id(index.name(), state.valueOf(e)), 0L)));
            List<IndexState> grown = new ArrayList<>(list);
            grown.add(state);
            indexes.put(index.kind().name(), List.copyOf(grown));
            return state;
        } finally {
            commitLock.unlock();
        }
    }

    // ---- the rest

    @Override
    public Changes changes() { return feed; }

    @Override
    public void clear() {
        commitLock.lock();
        try {
            wipe(journal.clear(feed.head() + 1));
        } finally {
            commitLock.unlock();
        }
    }

    /** Drops every record held in memory; the feed tells its readers to re-list. Under the commit lock. */
    private void wipe(long revision) {
        tables.values().forEach(Map::clear);
        unread.clear();
        indexes.values().forEach(list -> list.forEach(s -> s.buckets.clear()));
        epoch++;
        feed.reset(revision);
    }

    @Override
    public void close() { journal.close(); }
}
