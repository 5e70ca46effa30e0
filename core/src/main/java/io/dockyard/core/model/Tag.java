package io.dockyard.core.model;

import io.dockyard.core.AwsException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A resource tag. */
public record Tag(String key, String value) {

    /** The most tags a resource may have. */
    public static final int MAX = 50;

    /** The union of two tag lists; a later value wins for a key. At most {@link #MAX} tags, else InvalidParameterException. */
    public static List<Tag> merge(List<Tag> existing, List<Tag> added) {
        Map<String, String> m = new LinkedHashMap<>();
        existing.forEach(t -> m.put(t.key(), t.value()));
        added.forEach(t -> m.put(t.key(), t.value()));
        if (m.size() > MAX) throw AwsException.invalidParameter("A resource can have at most 50 tags.");
        return m.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }
}
