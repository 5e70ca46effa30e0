package io.dockyard.events.rules;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;
import io.dockyard.core.port.Versioned;
import io.dockyard.protocol.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A state kept whole as one record of the control plane's {@link Store} (the embedded database, or the PostgreSQL
 * database a fleet shares), mirrored in its owner's maps: {@link #refresh} reloads them when another replica stored a
 * newer version; {@link #change} applies a change to the newest state and stores it with a compare-and-set on the
 * version, applying it again to the newer state when another replica won. The owner calls both under its own lock.
 */
public final class SharedRecord<S> {
    private static final String KEY = "state";
    private final Store store;
    private final Kind<S> kind;
    private final Consumer<S> load;
    private final Supplier<S> snapshot;
    /** The version the owner's maps hold (-1: none loaded yet). */
    private long version = -1;

    /** {@code load} replaces the owner's maps with a stored state (null: none stored); {@code snapshot} is what to store. */
    public SharedRecord(Store store, Kind<S> kind, Consumer<S> load, Supplier<S> snapshot) {
        this.store = store;
        this.kind = kind;
        this.load = load;
        this.snapshot = snapshot;
    }

    /** The kind of a state kept whole under one key. */
    public static <S> Kind<S> kind(String name, Class<S> type) { return Kind.of(name, type, s -> KEY); }

    /** Imports {@code file} (a state an older version kept in the data directory) when nothing is stored yet. */
    public void importOnce(Path file, TypeReference<S> type) {
        if (file == null || !Files.exists(file) || store.read(kind, KEY).isPresent()) return;
        try {
            store.putIf(kind, Json.RECORDS.readValue(file.toFile(), type), 0);
            Files.move(file, file.resolveSibling(file.getFileName() + ".imported"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reloads the owner's maps when the stored version moved; true when it did. */
    public boolean refresh() {
        Optional<Versioned<S>> stored = store.read(kind, KEY);
        long v = stored.map(Versioned::version).orElse(0L);
        if (v == version) return false;
        load.accept(stored.map(Versioned::value).orElse(null));
        version = v;
        return true;
    }

    /** Applies {@code change} (to the owner's maps) on the newest state and stores the result; again when another replica won. */
    public <R> R change(Supplier<R> change) {
        while (true) {
            refresh();
            R result = change.get();
            if (store.putIf(kind, snapshot.get(), version)) {
                version++;
                return result;
            }
            version = -1;
        }
    }
}
