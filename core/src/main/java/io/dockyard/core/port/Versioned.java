package io.dockyard.core.port;

/** A stored record with its version: 1 when first stored, one more at each write. */
public record Versioned<T>(T value, long version) {}
