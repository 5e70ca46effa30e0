package io.dockyard.iam.api;

import io.dockyard.iam.model.IamKinds;
import io.dockyard.iam.model.Role;
import io.dockyard.iam.model.User;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Out;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * TagUser, UntagUser, ListUserTags, TagRole, UntagRole, ListRoleTags. Tag keys compare case-insensitively, as IAM's do:
 * tagging with a key that differs only in case replaces the tag. At most 50 tags per entity.
 */
final class TagOperations {
    private final Directory dir;

    TagOperations(Directory dir) { this.dir = dir; }

    List<NamedOperation> all() {
        return List.of(
                NamedOperation.of("TagUser", (in, ctx) -> tag(EntityType.USER, in)), NamedOperation.of("UntagUser", (in, ctx) -> untag(EntityType.USER, in)),
                NamedOperation.of("ListUserTags", (in, ctx) -> list(EntityType.USER, in)),
                NamedOperation.of("TagRole", (in, ctx) -> tag(EntityType.ROLE, in)), NamedOperation.of("UntagRole", (in, ctx) -> untag(EntityType.ROLE, in)),
                NamedOperation.of("ListRoleTags", (in, ctx) -> list(EntityType.ROLE, in)));
    }

    private Map<String, String> tagsOf(EntityType t, String name) {
        return t == EntityType.USER ? dir.user(name).tags() : dir.role(name).tags();
    }

    private void save(EntityType t, String name, Map<String, String> tags) {
        if (t == EntityType.USER) {
            User u = dir.user(name);
            dir.store.put(IamKinds.USER, u.withTags(tags));
        } else {
            Role r = dir.role(name);
            dir.store.put(IamKinds.ROLE, r.withTags(tags));
        }
    }

    private Object tag(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        String name = in.name(t.member, t.maxName);
        Map<String, String> added = in.tags("Tags");
        if (added.isEmpty()) throw IamErrors.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        dir.store.atomically(() -> {
            Map<String, String> tags = new LinkedHashMap<>(tagsOf(t, name));
            for (Entry<String, String> e : added.entrySet()) {
                tags.keySet().removeIf(k -> k.equalsIgnoreCase(e.getKey()));
                tags.put(e.getKey(), e.getValue());
            }
            if (tags.size() > IamInput.MAX_TAGS) throw IamErrors.quota("TagsPer" + t.title, IamInput.MAX_TAGS);
            save(t, name, tags);
        });
        return Out.obj();
    }

    private Object untag(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        String name = in.name(t.member, t.maxName);
        List<String> keys = in.strings("TagKeys");
        if (keys.isEmpty()) throw IamErrors.validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        dir.store.atomically(() -> {
            Map<String, String> tags = new LinkedHashMap<>(tagsOf(t, name));
            tags.keySet().removeIf(k -> keys.stream().anyMatch(k::equalsIgnoreCase));
            save(t, name, tags);
        });
        return Out.obj();
    }

    private Object list(EntityType t, Map<String, Object> input) {
        IamInput in = new IamInput(input);
        Map<String, String> tags = tagsOf(t, in.name(t.member, t.maxName));
        return in.page(Out.obj(), "Tags", List.copyOf(tags.entrySet()), e -> Out.obj().with("Key", e.getKey()).with("Value", e.getValue()));
    }
}
