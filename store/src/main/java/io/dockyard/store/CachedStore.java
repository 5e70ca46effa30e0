package io.dockyard.store;

import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A {@link Store} that serves every read from memory and writes through to a durable {@link Journal}
 * before the write becomes visible. Writers are serialised by one lock; readers never block.
 * An {@link #atomically} block buffers its writes and commits them to the journal as one transaction.
 */
public final class CachedStore implements Store {

    /** The durable side: what a backend (SQLite, PostgreSQL) must do. */
    public interface Journal extends AutoCloseable {
        /** Every stored row, in first-stored order. */
        List<Row> loadAll();
        /** Applies the writes (body null = delete) as one transaction. */
        void commit(List<Row> writes);
        void clear();
        @Override void close();
    }

    /** A stored row; {@code seq} orders rows of a kind by first storage. */
    public record Row(String kind, String key, long seq, String body) {}

    private record Entry(long seq, Object value) {}

    private final Journal journal;
    private final Codec codec = new Codec();
    private final Map<String, Map<String, Entry>> kinds = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> unread = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong seq = new AtomicLong();
    private final ThreadLocal<Map<String, Map<String, Entry>>> tx = new ThreadLocal<>();
    private static final Entry DELETED = new Entry(-1, null);

    public CachedStore(Journal journal) {
        this.journal = journal;
        long max = 0;
        for (Row row : journal.loadAll()) {
            unread.computeIfAbsent(row.kind(), k -> new ConcurrentHashMap<>()).put(row.key(), row.seq() + "\n" + row.body());
            max = Math.max(max, row.seq());
        }
        seq.set(max);
    }

    /** Records are decoded on first use of their kind (the store does not know the types up front). */
    private Map<String, Entry> table(Kind<?> kind) {
        Map<String, Entry> t = kinds.get(kind.name());
        if (t != null) return t;
        synchronized (kinds) {
            t = kinds.get(kind.name());
            if (t != null) return t;
            Map<String, Entry> fresh = new ConcurrentHashMap<>();
            Map<String, String> raw = unread.remove(kind.name());
            if (raw != null) {
                raw.forEach((key, s) -> {
                    int nl = s.indexOf('\n');
                    fresh.put(key, new Entry(Long.parseLong(s.substring(0, nl)), codec.read(s.substring(nl + 1), kind.type())));
                });
            }
            kinds.put(kind.name(), fresh);
            return fresh;
        }
    }

    @Override
    public <T> Optional<T> get(Kind<T> kind, String key) {
        Map<String, Map<String, Entry>> buffer = tx.get();
        if (buffer != null) {
            Entry e = buffer.getOrDefault(kind.name(), Map.of()).get(key);
            if (e != null) return e == DELETED ? Optional.empty() : Optional.of(kind.type().cast(e.value()));
        }
        Entry e = table(kind).get(key);
        return e == null ? Optional.empty() : Optional.of(kind.type().cast(e.value()));
    }

    @Override
    public <T> List<T> list(Kind<T> kind) {
        Map<String, Entry> merged = new HashMap<>(table(kind));
        Map<String, Map<String, Entry>> buffer = tx.get();
        if (buffer != null) {
            buffer.getOrDefault(kind.name(), Map.of()).forEach((k, e) -> {
                if (e == DELETED) merged.remove(k); else merged.put(k, e);
            });
        }
        List<Entry> entries = new ArrayList<>(merged.values());
        entries.sort(Comparator.comparingLong(Entry::seq));
        List<T> out = new ArrayList<>(entries.size());
        for (Entry e : entries) out.add(kind.type().cast(e.value()));
        return out;
    }

    @Override
    public <T> void put(Kind<T> kind, T value) {
        String key = kind.key().apply(value);
        atomically(() -> {
            Map<String, Entry> buf = tx.get().computeIfAbsent(kind.name(), k -> new HashMap<>());
            Entry prior = buf.get(key);
            if (prior == null || prior == DELETED) prior = table(kind).get(key);
            long s = prior != null && prior != DELETED ? prior.seq() : seq.incrementAndGet();
            buf.put(key, new Entry(s, value));
            return null;
        });
    }

    @Override
    public <T> boolean delete(Kind<T> kind, String key) {
        return atomically(() -> {
            boolean present = get(kind, key).isPresent();
            if (present) tx.get().computeIfAbsent(kind.name(), k -> new HashMap<>()).put(key, DELETED);
            return present;
        });
    }

    @Override
    public <R> R atomically(Supplier<R> work) {
        if (tx.get() != null) return work.get();
        writeLock.lock();
        try {
            Map<String, Map<String, Entry>> buffer = new HashMap<>();
            tx.set(buffer);
            R result;
            try {
                result = work.get();
            } finally {
                tx.remove();
            }
            commit(buffer);
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    private void commit(Map<String, Map<String, Entry>> buffer) {
        if (buffer.isEmpty()) return;
        List<Row> rows = new ArrayList<>();
        buffer.forEach((kind, entries) -> entries.forEach((key, e) ->
                rows.add(new Row(kind, key, e.seq(), e == DELETED ? null : codec.write(e.value())))));
        journal.commit(rows);
        buffer.forEach((kind, entries) -> {
            Map<String, Entry> t = kinds.get(kind);
            entries.forEach((key, e) -> {
                if (e == DELETED) t.remove(key); else t.put(key, e);
            });
        });
    }

    @Override
    public void clear() {
        writeLock.lock();
        try {
            journal.clear();
            kinds.values().forEach(Map::clear);
            unread.clear();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() { journal.close(); }
}
