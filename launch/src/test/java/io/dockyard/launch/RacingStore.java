package io.dockyard.launch;

import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;

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
