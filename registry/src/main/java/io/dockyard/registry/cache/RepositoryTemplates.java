package io.dockyard.registry.cache;

import io.dockyard.registry.domain.Records;
import io.dockyard.registry.domain.Records.CreationTemplate;
import io.dockyard.registry.domain.Records.Repository;
import io.dockyard.registry.domain.Registry;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Repository creation templates applied: the template for a new repository is the one with the longest prefix such that the
 * name starts with {@code prefix/}, else the {@code ROOT} template, among those applied for the way the repository is made
 * ({@code PULL_THROUGH_CACHE}, {@code CREATE_ON_PUSH}).
 */
public final class RepositoryTemplates {
    public static final String ROOT = "ROOT";
    public static final String PULL_THROUGH_CACHE = "PULL_THROUGH_CACHE";
    public static final String CREATE_ON_PUSH = "CREATE_ON_PUSH";

    private final Registry registry;

    public RepositoryTemplates(Registry registry) { this.registry = registry; }

    /** The template a repository named {@code name} created for {@code appliedFor} gets, if any. */
    public Optional<CreationTemplate> matching(String name, String appliedFor) {
        List<CreationTemplate> all = registry.store().list(Records.CREATION_TEMPLATE).stream()
                .filter(t -> t.appliedFor() != null && t.appliedFor().contains(appliedFor)).toList();
        Optional<CreationTemplate> byPrefix = all.stream().filter(t -> !ROOT.equals(t.prefix()) && covers(t.prefix(), name))
                .max(Comparator.comparingInt(t -> t.prefix().length()));
        return byPrefix.isPresent() ? byPrefix : all.stream().filter(t -> ROOT.equals(t.prefix())).findFirst();
    }

    /** Whether a prefix ({@code prod} or {@code prod/}) covers a repository name ({@code prod/app}). */
    static boolean covers(String prefix, String name) {
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        return name.startsWith(p);
    }

    /** The repository as a template (or the defaults) makes it. */
    public Repository newRepository(String name, String appliedFor) {
        Optional<CreationTemplate> t = matching(name, appliedFor);
        var now = registry.clock().instant();
        if (t.isEmpty()) return new Repository(name, now, "MUTABLE", false, "AES256", null, List.of(), null, null, null, List.of());
        CreationTemplate c = t.get();
        return new Repository(name, now, c.imageTagMutability() == null ? "MUTABLE" : c.imageTagMutability(), false,
                c.encryptionType() == null ? "AES256" : c.encryptionType(), emptyToNull(c.kmsKey()), c.resourceTags() == null ? List.of() : c.resourceTags(),
                emptyToNull(c.repositoryPolicy()), emptyToNull(c.lifecyclePolicy()), null, c.tagMutabilityExclusions());
    }

    /** Creates the repository from its template unless it exists; returns it. */
    public Repository createIfMissing(String name, String appliedFor) {
        return registry.store().atomically(() -> registry.findRepository(name).orElseGet(() -> {
            Repository r = newRepository(name, appliedFor);
            registry.store().put(Records.REPOSITORY, r);
            return r;
        }));
    }

    private static String emptyToNull(String s) { return s == null || s.isEmpty() ? null : s; }
}
