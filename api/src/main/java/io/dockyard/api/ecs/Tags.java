package io.dockyard.api.ecs;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ECS tag rules: at most 50, keys 1–128 characters, values up to 256, no {@code aws:} prefix. */
public final class Tags {
    private Tags() {}

    public static List<Tag> parse(Map<String, Object> input, String member) {
        List<Tag> tags = new ArrayList<>();
        for (Map<String, Object> t : Doc.maps(input, member)) {
            String key = Doc.str(t, "key");
            String value = Doc.str(t, "value");
            if (key == null || key.isEmpty() || key.length() > 128) throw AwsException.invalidParameter("Tag keys must be between 1 and 128 characters.");
            if (value != null && value.length() > 256) throw AwsException.invalidParameter("Tag values must be at most 256 characters.");
            if (key.toLowerCase().startsWith("aws:")) throw AwsException.invalidParameter("Tag keys may not start with aws:.");
            tags.add(new Tag(key, value == null ? "" : value));
        }
        return merge(List.of(), tags);
    }

    /** The union of two tag lists; a later value wins for a key. At most 50 tags. */
    public static List<Tag> merge(List<Tag> existing, List<Tag> added) { return Tag.merge(existing, added); }

    public static List<Map<String, Object>> wire(List<Tag> tags) {
        return tags.stream().map(t -> Map.<String, Object>of("key", t.key(), "value", t.value())).toList();
    }
}
