package io.dockyard.acm;

import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** AddTagsToCertificate, RemoveTagsFromCertificate and ListTagsForCertificate (at most 50 tags; no {@code aws:} keys). */
final class TagOperations {
    private static final Pattern TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private final CertificateBook book;

    TagOperations(CertificateBook book) { this.book = book; }

    List<Operation> all() {
        return List.of(NamedOperation.of("AddTagsToCertificate", this::add), NamedOperation.of("RemoveTagsFromCertificate", this::remove),
                NamedOperation.of("ListTagsForCertificate", this::list));
    }

    /** The Tags member, checked (Key 1..128, Value 0..256, ACM's characters, no {@code aws:} prefix). */
    static List<Map<String, String>> tags(JsonInput in) {
        List<Map<String, String>> out = new ArrayList<>();
        for (JsonInput t : in.structs("Tags")) {
            String key = t.required("Key");
            String value = t.str("Value");
            if (key.isEmpty() || key.length() > 128 || !TEXT.matcher(key).matches()) throw Errors.constraint("tags.member.key", key, "Member must have length between 1 and 128 and match " + TEXT);
            if (value != null && (value.length() > 256 || !TEXT.matcher(value).matches())) throw Errors.constraint("tags.member.value", value, "Member must have length less than or equal to 256 and match " + TEXT);
            if (key.startsWith("aws:")) throw Errors.invalidTag("Tag keys that start with 'aws:' are reserved.");
            Map<String, String> m = new LinkedHashMap<>();
            m.put("Key", key);
            if (value != null) m.put("Value", value);
            out.add(m);
        }
        if (out.size() > 50) throw Errors.tooManyTags();
        return out;
    }

    private Object add(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        List<Map<String, String>> added = tags(in);
        if (added.isEmpty()) throw Errors.constraint("tags", "[]", "Member must have length greater than or equal to 1");
        book.store.atomically(() -> {
            StoredCertificate c = book.get(in.str("CertificateArn"));
            Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
            c.tags().forEach(t -> byKey.put(t.get("Key"), t));
            added.forEach(t -> byKey.put(t.get("Key"), t));
            if (byKey.size() > 50) throw Errors.tooManyTags();
            book.put(c.withTags(List.copyOf(byKey.values())));
            return null;
        });
        return Out.obj();
    }

    private Object remove(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        List<Map<String, String>> removed = tags(in);
        book.store.atomically(() -> {
            StoredCertificate c = book.get(in.str("CertificateArn"));
            List<Map<String, String>> kept = c.tags().stream().filter(t -> removed.stream().noneMatch(r -> r.get("Key").equals(t.get("Key"))
                    && (!r.containsKey("Value") || Objects.equals(r.get("Value"), t.get("Value"))))).toList();
            book.put(c.withTags(kept));
            return null;
        });
        return Out.obj();
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        return Out.obj().with("Tags", book.get(new JsonInput(input).str("CertificateArn")).tags());
    }
}
