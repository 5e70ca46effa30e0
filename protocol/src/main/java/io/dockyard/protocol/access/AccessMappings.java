package io.dockyard.protocol.access;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The access mappings the modules registered, by signing name. Where the modules are wired, {@link #require} checks that
 * every service the edge exposes brought one (a service without one would be refused every call in secure mode).
 */
public final class AccessMappings {
    private final Map<String, AccessMapping> byService;

    private AccessMappings(Map<String, AccessMapping> byService) { this.byService = Map.copyOf(byService); }

    public static AccessMappings of(Collection<? extends AccessMapping> mappings) {
        Map<String, AccessMapping> m = new LinkedHashMap<>();
        for (AccessMapping a : mappings) {
            if (m.putIfAbsent(a.service(), a) != null) throw new IllegalArgumentException("two access mappings for the service " + a.service());
        }
        return new AccessMappings(m);
    }

    public static AccessMappings of(AccessMapping... mappings) { return of(List.of(mappings)); }

    public Optional<AccessMapping> find(String service) { return Optional.ofNullable(byService.get(service)); }

    public Set<String> services() { return byService.keySet(); }

    /** The signing names among {@code exposed} that have no mapping (sorted). */
    public Set<String> missing(Collection<String> exposed) {
        Set<String> out = new TreeSet<>(exposed);
        out.removeAll(byService.keySet());
        return out;
    }

    /** This registry, or an {@link IllegalStateException} naming the exposed services that brought no mapping. */
    public AccessMappings require(Collection<String> exposed) {
        Set<String> missing = missing(exposed);
        if (!missing.isEmpty()) throw new IllegalStateException("services without an access mapping (secure mode would refuse every call): " + missing);
        return this;
    }
}
