package io.dockyard.core.port;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The control plane's state: records of each {@link Kind}, by key, in the order they were first
 * stored. Every write is durable when the call returns. {@link #atomically} runs a read-modify-write
 * as one serializable transaction: all its writes land, or none.
 */
public interface Store extends AutoCloseable {

    <T> Optional<T> get(Kind<T> kind, String key);

    /** All records of a kind, oldest first. */
    <T> List<T> list(Kind<T> kind);

    /** The records of a kind that match, oldest first. */
    default <T> List<T> list(Kind<T> kind, Predicate<? super T> filter) {
        return list(kind).stream().filter(filter).map(t -> (T) t).toList();
    }

    /** Inserts or replaces the record under its key. */
    <T> void put(Kind<T> kind, T value);

    /** Removes the record; true if it was there. */
    <T> boolean delete(Kind<T> kind, String key);

    /** Runs {@code work} as one transaction; nested calls join the outer one. */
    <R> R atomically(Supplier<R> work);

    default void atomically(Runnable work) { atomically(() -> { work.run(); return null; }); }

    /** Removes every record of every kind. */
    void clear();

    @Override
    void close();
}
