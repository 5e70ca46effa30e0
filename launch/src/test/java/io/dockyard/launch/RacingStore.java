package io.dockyard.launch;

import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Index;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;
import io.dockyard.core.port.Versioned;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A store where another writer commits {@code race} just before each outermost transaction begins. */
final class RacingStore implements Store {
    private final Store delegate;
    private final Runnable race;
    private int depth;

    RacingStore(Store delegate, Runnable race) {
        this.delegate = delegate;
        this.race = race;
    }

    @Override public <T> Optional<T> get(Kind<T> kind, String key) { return delegate.get(kind, key); }
    @Override public <T> List<T> list(Kind<T> kind) { return delegate.list(kind); }
    @Override public <T> List<T> list(Kind<T> kind, Predicate<? super T> filter) { return delegate.list(kind, filter); }
    @Override public <T> void put(Kind<T> kind, T value) { delegate.put(kind, value); }
    @Override public <T> boolean delete(Kind<T> kind, String key) { return delegate.delete(kind, key); }
    @Override public <T> Optional<Versioned<T>> read(Kind<T> kind, String key) { return delegate.read(kind, key); }
    @Override public <T> List<T> list(Index<T> index, String value) { return delegate.list(index, value); }
    @Override public <T> boolean putIf(Kind<T> kind, T value, long expectedVersion) { return delegate.putIf(kind, value, expectedVersion); }
    @Override public <T> boolean deleteIf(Kind<T> kind, String key, long expectedVersion) { return delegate.deleteIf(kind, key, expectedVersion); }
    @Override public <R> R exclusively(Supplier<R> work) { return delegate.exclusively(work); }
    @Override public Changes changes() { return delegate.changes(); }

    @Override
    public <R> R atomically(Supplier<R> work) {
        if (depth == 0) race.run();
        depth++;
        try {
            return delegate.atomically(work);
        } finally {
            depth--;
        }
    }

    @Override public void clear() { delegate.clear(); }
    @Override public void close() { delegate.close(); }
}
