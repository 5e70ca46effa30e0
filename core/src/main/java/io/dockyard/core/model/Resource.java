package io.dockyard.core.model;

import java.util.List;

/** A container instance resource (CPU, MEMORY as INTEGER; PORTS, PORTS_UDP as STRINGSET). */
public record Resource(String name, String type, long integerValue, List<String> stringSetValue) {
    public static Resource integer(String name, long value) { return new Resource(name, "INTEGER", value, null); }
    public static Resource stringSet(String name, List<String> values) { return new Resource(name, "STRINGSET", 0, values); }
}
