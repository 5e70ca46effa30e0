package io.dockyard.discovery;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.Store;
import io.dockyard.discovery.model.AsyncOperation;
import io.dockyard.discovery.model.DiscoveryKinds;
import io.dockyard.discovery.model.DiscoveryService;
import io.dockyard.discovery.model.Namespace;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** What every Cloud Map operation shares: the store, the clock, lookups, ids, errors, and the change hook of the DNS server. */
public final class CloudMap {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Store store;
    private final Clock clock;
    private final Runnable changed;

    public CloudMap(Store store, Clock clock, Runnable changed) {
        this.store = store;
        this.clock = clock;
        this.changed = changed;
    }

    public Store store() { return store; }
    public Instant now() { return clock.instant(); }

    /** Tells the DNS server its records changed. */
    public void changed() { changed.run(); }

    public static AwsException invalidInput(String m) { return new AwsException("InvalidInput", 400, m); }
    public static AwsException namespaceNotFound(String id) { return new AwsException("NamespaceNotFound", 400, "Namespace not found: " + id); }
    public static AwsException serviceNotFound(String id) { return new AwsException("ServiceNotFound", 400, "Service not found: " + id); }
    public static AwsException instanceNotFound(String id) { return new AwsException("InstanceNotFound", 400, "Instance not found: " + id); }
    public static AwsException resourceInUse(String m) { return new AwsException("ResourceInUse", 400, m); }

    public Namespace namespace(String idOrArn) {
        String id = idOrArn == null ? null : idOrArn.substring(idOrArn.lastIndexOf('/') + 1);
        if (id == null || id.isEmpty()) throw invalidInput("Namespace id must be specified");
        return store.get(DiscoveryKinds.NAMESPACE, id).orElseThrow(() -> namespaceNotFound(idOrArn));
    }

    public DiscoveryService service(String idOrArn) {
        String id = idOrArn == null ? null : idOrArn.substring(idOrArn.lastIndexOf('/') + 1);
        if (id == null || id.isEmpty()) throw invalidInput("Service id must be specified");
        return store.get(DiscoveryKinds.SERVICE, id).orElseThrow(() -> serviceNotFound(idOrArn));
    }

    /** A lowercase alphanumeric id of {@code n} characters after {@code prefix} (ns-, srv-). */
    public static String newId(String prefix, int n) {
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < n; i++) b.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        return b.toString();
    }

    /** Records a finished operation of {@code type} on {@code targets}; returns its id. */
    public String operation(String type, Map<String, String> targets) {
        Instant now = now();
        AsyncOperation op = new AsyncOperation(newId("", 32) + "-" + newId("", 8), type, "SUCCESS", targets, now, now);
        store.put(DiscoveryKinds.OPERATION, op);
        return op.id();
    }
}
