package io.dockyard.agent;

import io.dockyard.core.model.ContainerInstance;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an agent runs. {@code cluster} null means local mode: the agent offers this host to every
 * cluster (one container instance each) and also runs the control plane's FARGATE tasks.
 * {@code retention} is how long containers of stopped tasks are kept before they are removed;
 * {@code pollWait} is how long one long-poll may block; {@code dockerHost} the engine's socket URI;
 * {@code startConcurrency} how many tasks may be in their start phase (network, volumes, image
 * pulls, container creation and start) at once — the others wait their turn;
 * {@code taskBindAddress} the host address tasks' published ports bind ({@code 127.0.0.1} for the agent embedded in
 * {@code dockyard up}, all interfaces for a standalone agent unless its host config says otherwise).
 * {@code endpoint} is one control-plane URL or several, comma-separated ({@link #endpoints()}): the agent
 * uses the first that answers and fails over to the next. {@code address} is the IPv4 address the tasks'
 * host ports are reachable at, advertised to the control plane (null: see {@link HostAddress}).
 */
public record AgentConfig(String endpoint, String cluster, String instanceName, Long cpu, Long memory, Path dataDir, boolean fargate,
                          String availabilityZone, Duration retention, Duration pollWait, String dockerHost, String taskBindAddress,
                          int startConcurrency, String address) {

    public static final String DEFAULT_AZ = "us-east-1a";
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    public static final Duration DEFAULT_POLL_WAIT = Duration.ofSeconds(20);
    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    public static final int DEFAULT_START_CONCURRENCY = 16;
    /** The environment variable that sets {@code startConcurrency} when no flag does. */
    public static final String START_CONCURRENCY_ENV = "DOCKYARD_TASK_START_CONCURRENCY";
    /** Where a standalone agent publishes task ports: every interface, as on a real host. */
    public static final String ALL_INTERFACES = "0.0.0.0";
    /** Where the agent of {@code dockyard up} publishes task ports: loopback only, so a laptop does not expose them. */
    public static final String LOOPBACK = "127.0.0.1";

    public AgentConfig {
        if (endpoint == null || endpoint.isBlank()) throw new IllegalArgumentException("endpoint is required");
        endpoint = String.join(",", parseEndpoints(endpoint));
        if (address != null && address.isBlank()) address = null;
        if (address != null && !ContainerInstance.isIpv4(address)) throw new IllegalArgumentException("address must be an IPv4 address: " + address);
        if (instanceName == null || instanceName.isBlank()) instanceName = HostInfo.hostName();
        if (dataDir == null) dataDir = Path.of(System.getProperty("user.home"), ".dockyard", "agent");
        if (availabilityZone == null || availabilityZone.isBlank()) availabilityZone = DEFAULT_AZ;
        if (retention == null) retention = envDuration("DOCKYARD_TASK_RETENTION", DEFAULT_RETENTION);
        if (pollWait == null) pollWait = DEFAULT_POLL_WAIT;
        if (dockerHost == null || dockerHost.isBlank()) dockerHost = envOr("DOCKER_HOST", DEFAULT_DOCKER_HOST);
        if (taskBindAddress == null || taskBindAddress.isBlank()) taskBindAddress = cluster == null ? LOOPBACK : ALL_INTERFACES;
        if (startConcurrency <= 0) startConcurrency = Integer.parseInt(envOr(START_CONCURRENCY_ENV, Integer.toString(DEFAULT_START_CONCURRENCY)));
        if (startConcurrency <= 0) throw new IllegalArgumentException(START_CONCURRENCY_ENV + " must be at least 1");
    }

    /** The agent embedded in {@code dockyard up}. */
    public static AgentConfig embedded(String endpoint, Path dataDir) {
        return new AgentConfig(endpoint, null, "local", null, null, dataDir, true, null, null, null, null, null, 0, null);
    }

    /** A standalone agent joining one cluster. */
    public static AgentConfig standalone(String endpoint, String cluster, String instanceName, Long cpu, Long memory, Path dataDir) {
        return new AgentConfig(endpoint, cluster, instanceName, cpu, memory, dataDir, false, null, null, null, null, null, 0, null);
    }

    /** Local mode: every cluster plus the Fargate runner. */
    public boolean localMode() { return cluster == null; }

    public AgentConfig withAvailabilityZone(String az) {
        return new AgentConfig(endpoint, cluster, instanceName, cpu, memory, dataDir, fargate, az, retention, pollWait, dockerHost, taskBindAddress, startConcurrency, address);
    }

    public AgentConfig withRetention(Duration d) {
        return new AgentConfig(endpoint, cluster, instanceName, cpu, memory, dataDir, fargate, availabilityZone, d, pollWait, dockerHost, taskBindAddress, startConcurrency, address);
    }

    public AgentConfig withPollWait(Duration d) {
        return new AgentConfig(endpoint, cluster, instanceName, cpu, memory, dataDir, fargate, availabilityZone, retention, d, dockerHost, taskBindAddress, startConcurrency, address);
    }

    /** With {@code address}: where tasks' published host ports bind ({@code 0.0.0.0}: every interface). */
    /** At most {@code n} tasks in their start phase at once (0: the environment's or the default). */
    public AgentConfig withStartConcurrency(int n) {
        return new AgentConfig(endpoint, cluster, instanceName, cpu, memory, dataDir, fargate, availabilityZone, retention, pollWait, dockerHost,
                taskBindAddress, n, address);
    }

    public AgentConfig withTaskBindAddress(String address) {
        return new AgentConfig(endpoint, cluster, instanceName, cpu, memory, dataDir, fargate, availabilityZone, retention, pollWait, dockerHost, address, startConcurrency, this.address);
    }

    /** The engine's socket ({@code null}: {@code DOCKER_HOST}, else the default socket). */
    public AgentConfig withDockerHost(String host) {
        return new AgentConfig(endpoint, cluster, instanceName, cpu, memory, dataDir, fargate, availabilityZone, retention, pollWait, host,
                taskBindAddress, startConcurrency, address);
    }

    /** The advertised address ({@code null}: detected). */
    public AgentConfig withAddress(String a) {
        return new AgentConfig(endpoint, cluster, instanceName, cpu, memory, dataDir, fargate, availabilityZone, retention, pollWait, dockerHost,
                taskBindAddress, startConcurrency, a);
    }

    /** The control-plane URLs, in the order they are tried. */
    public List<String> endpoints() { return parseEndpoints(endpoint); }

    /** {@code "http://a:4566, http://b:4567/"} → the URLs without trailing slashes; each must be http(s) with a host. */
    static List<String> parseEndpoints(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String e = part.trim();
            if (e.isEmpty()) continue;
            while (e.endsWith("/")) e = e.substring(0, e.length() - 1);
            URI u;
            try {
                u = URI.create(e);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("endpoint is not a URL: " + e);
            }
            if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw new IllegalArgumentException("endpoint must be an http(s) URL with a host: " + e);
            }
            out.add(e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("endpoint is required");
        return List.copyOf(out);
    }

    /** Parses "90s", "5m", "1h" or an ISO-8601 duration ("PT1H"). */
    public static Duration parseDuration(String s) {
        String v = s.trim().toLowerCase();
        if (v.startsWith("p")) return Duration.parse(v.toUpperCase());
        long n = Long.parseLong(v.replaceAll("[a-z]+$", ""));
        if (v.endsWith("ms")) return Duration.ofMillis(n);
        if (v.endsWith("h")) return Duration.ofHours(n);
        if (v.endsWith("m")) return Duration.ofMinutes(n);
        return Duration.ofSeconds(n);
    }

    private static Duration envDuration(String name, Duration dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : parseDuration(v);
    }

    private static String envOr(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
