package io.dockyard.core.port;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The control plane's state: records of each {@link Kind}, by key, in the order they were first
 * stored. Every write is durable when the call returns and carries a version per record (1 when first
 * stored, one more at each write) and a store-wide revision per commit, published on {@link #changes()}.
 *
 * <p>{@link #atomically} runs a read-modify-write as one serializable transaction, optimistically:
 * the work runs without a lock, the store remembers what it read (records by version, lists by kind
 * or by index value) and at commit checks that none of it changed; if something did, the work runs
 * again. Work inside it must therefore only touch the store (or be safe to repeat). Work with effects
 * outside the store that must not interleave with other writers runs in {@link #exclusively}.
 */
public interface Store extends AutoCloseable {

    <T> Optional<T> get(Kind<T> kind, String key);

    /** The record with its version. */
    <T> Optional<Versioned<T>> read(Kind<T> kind, String key);

    /** All records of a kind, oldest first. */
    <T> List<T> list(Kind<T> kind);

    /** The records of a kind that match, oldest first. */
    default <T> List<T> list(Kind<T> kind, Predicate<? super T> filter) {
        return list(kind).stream().filter(filter).map(t -> (T) t).toList();
    }

    /** The records listed under {@code value} in the index, oldest first; no scan of the kind. */
    <T> List<T> list(Index<T> index, String value);

    /** Inserts or replaces the record under its key. */
    <T> void put(Kind<T> kind, T value);

    /**
     * Stores the record only if the stored one has {@code expectedVersion} (0: there must be none);
     * false, and nothing written, otherwise.
     */
    <T> boolean putIf(Kind<T> kind, T value, long expectedVersion);

    /**
     * Replaces the record with {@code change} applied to it, retried on conflict; empty if there is no
     * such record. {@code change} may run more than once and must be a pure function.
     */
    default <T> Optional<T> update(Kind<T> kind, String key, UnaryOperator<T> change) {
        return atomically(() -> get(kind, key).map(old -> {
            T neu = change.apply(old);
            if (neu != old) put(kind, neu);
            return neu;
        }));
    }

    /** Removes the record; true if it was there. */
    <T> boolean delete(Kind<T> kind, String key);

    /** Removes the record only if it has {@code expectedVersion}. */
    <T> boolean deleteIf(Kind<T> kind, String key, long expectedVersion);

    /** Runs {@code work} as one optimistic transaction (see the class comment); nested calls join the outer one. */
    <R> R atomically(Supplier<R> work);

    default void atomically(Runnable work) { atomically(() -> { work.run(); return null; }); }

    /**
     * Runs {@code work} as one transaction while no other transaction commits: for work with effects
     * outside the store (files, blobs) that must see and leave the store unchanged by others meanwhile.
     * Called inside an {@link #atomically} block, the whole outer block runs exclusively instead.
     */
    <R> R exclusively(Supplier<R> work);

    /** The change feed. */
    Changes changes();

    /** Removes every record of every kind (followers of the feed are reset). */
    void clear();

    @Override
    void close();
}
