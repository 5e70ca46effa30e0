package io.dockyard.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A journal kept in memory only: for tests and throwaway runs (state is gone at exit). */
public final class MemoryJournal implements CachedStore.Journal {
    private final Map<String, CachedStore.Row> rows = new LinkedHashMap<>();

    @Override
    public synchronized List<CachedStore.Row> loadAll() {
        List<CachedStore.Row> all = new ArrayList<>(rows.values());
        all.sort(Comparator.comparingLong(CachedStore.Row::seq));
        return all;
    }

    @Override
    public synchronized void commit(List<CachedStore.Row> writes) {
        for (CachedStore.Row r : writes) {
            String id = r.kind() + "\u0000" + r.key();
            if (r.body() == null) rows.remove(id); else rows.merge(id, r, (old, neu) -> new CachedStore.Row(neu.kind(), neu.key(), old.seq(), neu.body()));
        }
    }

    @Override
    public synchronized void clear() { rows.clear(); }

    @Override
    public void close() {}
}
