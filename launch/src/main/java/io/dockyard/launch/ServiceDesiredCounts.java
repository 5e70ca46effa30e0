package io.dockyard.launch;

import io.dockyard.core.model.Service;
import io.dockyard.core.port.DesiredCounts;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Service desired counts in the store, for Application Auto Scaling: a set is UpdateService with
 * {@code desiredCount} alone (the current deployment scales; the service controller sees the change
 * on the store's feed). Daemon and inactive services are not scalable.
 */
public final class ServiceDesiredCounts implements DesiredCounts {
    private final Store store;
    private final String region;
    private final String account;

    public ServiceDesiredCounts(Store store, String region, String account) {
        this.store = store;
        this.region = region;
        this.account = account;
    }

    private Optional<Service> find(String cluster, String service) {
        String clusterArn = io.dockyard.core.Arns.of(region, account).cluster(cluster);
        return store.get(Kinds.SERVICE, clusterArn + "|" + service).filter(s -> "ACTIVE".equals(s.status()) && !s.isDaemon());
    }

    @Override
    public OptionalInt get(String cluster, String service) {
        return find(cluster, service).map(s -> OptionalInt.of(s.desiredCount())).orElse(OptionalInt.empty());
    }

    @Override
    public boolean set(String cluster, String service, int desiredCount) {
        return store.atomically(() -> {
            Optional<Service> s = find(cluster, service);
            if (s.isEmpty()) return false;
            if (s.get().desiredCount() != desiredCount) {
                store.put(Kinds.SERVICE, s.get().toBuilder().desiredCount(desiredCount).version(s.get().version() + 1).build());
            }
            return true;
        });
    }
}
