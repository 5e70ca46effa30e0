package io.dockyard.protocol;

import java.util.Collection;
import java.util.LinkedHashMap;

/** A response structure under construction: members in order, null values left out. */
public final class Out extends LinkedHashMap<String, Object> {
    public static Out obj() { return new Out(); }

    /** Adds the member unless the value is null. */
    public Out with(String key, Object value) {
        if (value != null) put(key, value);
        return this;
    }

    /** Adds the list member unless it is null or empty (AWS leaves empty lists out of many shapes). */
    public Out withNonEmpty(String key, Collection<?> value) {
        if (value != null && !value.isEmpty()) put(key, value);
        return this;
    }
}
