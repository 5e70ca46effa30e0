package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;

/** Small checks shared by the task definition rules; each failure is a ClientException, as ECS answers. */
final class Checks {
    /** Names of families, containers and volumes: up to 255 letters, numbers, hyphens and underscores. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    static final String NAME_RULE = "Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.";

    private Checks() {}

    static void require(boolean ok, String message) {
        if (!ok) throw AwsException.client(message);
    }

    /** The integer member, which must lie in [min, max] when present. */
    static Integer range(Map<String, Object> m, String key, int min, int max, String prefix) {
        Integer v = Doc.integer(m, key);
        if (v != null && (v < min || v > max)) {
            throw AwsException.client(prefix + "'" + key + "' must be between " + min + " and " + max + ". Value: " + v + ".");
        }
        return v;
    }

    /** The string member, which must be one of {@code allowed} when present. */
    static String oneOf(Map<String, Object> m, String key, Collection<String> allowed, String prefix) {
        String v = Doc.str(m, key);
        if (v != null && !allowed.contains(v)) {
            throw AwsException.client(prefix + "Invalid '" + key + "' value '" + v + "'. Valid values: " + String.join(", ", allowed) + ".");
        }
        return v;
    }

    /** The prefix of container errors: {@code Invalid setting for container 'name'. }. */
    static String container(String name) {
        return "Invalid setting for container '" + name + "'. ";
    }
}
