package io.dockyard.core.model;

/** A container instance attribute (name, optional value). */
public record Attribute(String name, String value, String targetType, String targetId) {
    public static Attribute of(String name, String value) { return new Attribute(name, value, null, null); }
}
