package io.dockyard.core.port;

import java.util.Objects;
import java.util.function.Function;

/**
 * A kind of stored record: its unique name, its Java type and how its key is derived. Each module
 * declares the kinds it owns (see {@link Kinds} for the ECS ones).
 */
public record Kind<T>(String name, Class<T> type, Function<T, String> key) {
    public Kind {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(key, "key is null");
    }

    public static <T> Kind<T> of(String name, Class<T> type, Function<T, String> key) { return new Kind<>(name, type, key); }
}
