package io.dockyard.core.model;

/** A resource tag. */
public record Tag(String key, String value) {}
