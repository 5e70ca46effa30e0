package io.dockyard.iam.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM identity that policies attach to: a {@link User}, a {@link Group} or a {@link Role}. It carries its inline
 * policies (name → JSON document, in the order they were put) and the ARNs of the managed policies attached to it.
 */
public interface PolicyHolder {
    /** The entity's name as it was created (IAM compares names case-insensitively). */
    String name();

    /** The entity's ARN. */
    String arn();

    /** The unique id ({@code AIDA…}, {@code AGPA…}, {@code AROA…}). */
    String id();

    /** The path ({@code /} or {@code /a/b/}). */
    String path();

    Map<String, String> inlinePolicies();

    List<String> attachedPolicies();

    PolicyHolder withInlinePolicies(Map<String, String> policies);

    PolicyHolder withAttachedPolicies(List<String> arns);

    /** An unmodifiable copy that keeps the order (null: empty). */
    static Map<String, String> ordered(Map<String, String> m) {
        return m == null || m.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** An unmodifiable copy (null: empty). */
    static List<String> list(List<String> l) { return l == null ? List.of() : List.copyOf(l); }
}
