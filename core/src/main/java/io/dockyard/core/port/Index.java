package io.dockyard.core.port;

import java.util.Objects;
import java.util.function.Function;

/**
 * A secondary index over a {@link Kind}: {@code value} maps a record to the value it is listed under
 * (null: not indexed). {@link Store#list(Index, String)} answers from it without a scan, and an
 * {@link Store#atomically} block that lists by index conflicts only with writes under the same value.
 */
public record Index<T>(String name, Kind<T> kind, Function<? super T, String> value) {
    public Index {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(value, "value is null");
    }

    public static <T> Index<T> of(String name, Kind<T> kind, Function<? super T, String> value) { return new Index<>(name, kind, value); }
}
