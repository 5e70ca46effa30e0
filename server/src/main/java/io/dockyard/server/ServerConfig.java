package io.dockyard.server;

import io.dockyard.protocol.EdgePolicy;
import io.dockyard.server.tls.EdgeTls;

import java.nio.file.Path;

/**
 * How the control plane runs: where it listens, where it keeps state, the account and region it
 * answers for, and whether it is in local mode (any credentials, reset allowed, embedded agent);
 * where load balancer listeners bind and where the Cloud Map DNS server listens ({@code off}: none); where the
 * embedded agent publishes tasks' host ports ({@code 127.0.0.1} by default, {@code 0.0.0.0} for every interface);
 * where registry blobs live ({@code file} or {@code s3://bucket/prefix}); where the state lives ({@code database}: empty for
 * the embedded SQLite file under the data directory, or {@code postgresql://user:password@host:port/db});
 * what the edge lets in ({@link EdgePolicy}: allowed Hosts, CORS origins, body caps, dev helpers); the replica's name
 * ({@code --node-name}) and the leader lease's length, when replicas share a database; what task definitions may ask
 * of the host ({@code HostSafety}: everything in local mode); whether and with what certificate the edge serves HTTPS
 * ({@link EdgeTls.Settings}: by default in secure mode only).
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        String region,
        String account,
        boolean localMode,
        boolean embeddedAgent,
        String availabilityZone,
        String registryHost,
        String lbBindAddress,
        String dnsAddress,
        String taskBindAddress,
        String blobStore,
        EdgePolicy edge,
        String database,
        String nodeName,
        java.time.Duration leaderLease,
        io.dockyard.api.ecs.taskdef.HostSafety hostSafety,
        EdgeTls.Settings tls) {

    /** Whether the edge serves HTTPS. */
    public boolean tlsOn() { return tls != null && tls.enabled(!localMode); }

    /** How clients reach the edge: {@code https} or {@code http}. */
    public String scheme() { return tlsOn() ? "https" : "http"; }

    /** This replica's name among replicas (the leader record, logs): the given one, else host:port. */
    public String node() {
        if (nodeName != null && !nodeName.isBlank()) return nodeName;
        String h;
        try {
            h = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            h = host;
        }
        return h + ":" + port;
    }

    public String endpoint() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        return scheme() + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }
}
