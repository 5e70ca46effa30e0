package io.dockyard.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A journal kept in memory only: for tests and throwaway runs (state is gone at exit). */
public final class MemoryJournal implements CachedStore.Journal {
    private final Map<String, CachedStore.Row> rows = new LinkedHashMap<>();
    private long head;

    @Override
    public synchronized CachedStore.Loaded load() {
        List<CachedStore.Row> all = new ArrayList<>(rows.values());
        all.sort(Comparator.comparingLong(CachedStore.Row::seq));
        return new CachedStore.Loaded(all, head);
    }

    @Override
    public synchronized void commit(long revision, List<CachedStore.Row> writes) {
        if (revision != head + 1) throw new CachedStore.ConflictException("revision " + revision + " does not follow " + head);
        for (CachedStore.Row r : writes) {
            CachedStore.Row stored = rows.get(id(r));
            if ((stored == null ? 0 : stored.version()) != r.expectedVersion()) {
                throw new CachedStore.ConflictException(r.kind() + " " + r.key() + " is not at version " + r.expectedVersion());
            }
        }
        for (CachedStore.Row r : writes) {
            if (r.deleted()) rows.remove(id(r)); else rows.put(id(r), r);
        }
        head = revision;
    }

    private static String id(CachedStore.Row r) { return r.kind() + "\u0000" + r.key(); }

    @Override
    public synchronized long clear(long revision) {
        rows.clear();
        head = revision;
        return revision;
    }

    @Override
    public void close() {}
}
