package io.dockyard.discovery;

import io.dockyard.core.port.CloudMapNamespaces;
import io.dockyard.core.port.Store;
import io.dockyard.discovery.model.DiscoveryKinds;
import io.dockyard.discovery.model.DiscoveryService;
import io.dockyard.discovery.model.Namespace;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Cloud Map's namespaces as ECS reads them, from the shared store. */
public final class StoredNamespaces implements CloudMapNamespaces {
    private final Store store;

    public StoredNamespaces(Store store) { this.store = store; }

    @Override
    public Optional<Set<String>> serviceArns(String nameOrArn) {
        boolean arn = nameOrArn.startsWith("arn:");
        return store.list(DiscoveryKinds.NAMESPACE, n -> arn ? nameOrArn.equals(n.arn()) : nameOrArn.equals(n.name())).stream().findFirst()
                .map(Namespace::id)
                .map(id -> store.list(DiscoveryKinds.SERVICE, s -> id.equals(s.namespaceId())).stream()
                        .map(DiscoveryService::arn).collect(Collectors.toUnmodifiableSet()));
    }
}
