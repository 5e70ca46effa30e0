package io.dockyard.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The task metadata endpoint (v4 and v3), served by the agent over HTTP. Every container gets
 * {@code ECS_CONTAINER_METADATA_URI_V4} ({@code http://HOST:PORT/v4/TOKEN}) and {@code ECS_CONTAINER_METADATA_URI}
 * ({@code /v3/TOKEN}); HOST is an address of this host the container reaches in its network mode (the
 * gateway of its Docker network; 127.0.0.1 in host mode), TOKEN is an HMAC of the task ARN and the
 * container name under a key kept in the agent's data directory: deterministic (a restarted agent
 * serves the containers it adopts) and not guessable. Paths: {@code ""} (the container), {@code /task},
 * {@code /stats}, {@code /task/stats} (Docker's stats JSON, keyed by Docker id for the task).
 */
final class MetadataEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetadataEndpoint.class);
    /** The port of the ECS agent's credentials and metadata proxy; another free port when it is taken. */
    static final int PREFERRED_PORT = 51679;

    private record Target(TaskRunner runner, String container) {}

    private final Engine engine;
    private final String availabilityZone;
    private final byte[] key;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final Map<String, String> gateways = new ConcurrentHashMap<>();
    private HttpServer server;
    private volatile TaskCredentials credentials;
    /** The CA bundle the agent trusts the control plane with (mounted into containers), or null. */
    private volatile Path caBundle;
    private volatile java.util.function.Supplier<String> region = () -> "us-east-1";
    private final CredentialsRoute route = new CredentialsRoute();

    MetadataEndpoint(Engine engine, Path dataDir, String availabilityZone) {
        this.engine = engine;
        this.availabilityZone = availabilityZone;
        this.key = loadKey(dataDir.resolve("metadata.key"));
    }

    /** Starts serving on all interfaces; the tokens keep each container to its own task. */
    MetadataEndpoint start() {
        try {
            try {
                server = HttpServer.create(new InetSocketAddress("0.0.0.0", PREFERRED_PORT), 256);
            } catch (BindException e) {
                server = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 256);
            }
        } catch (IOException e) {
            log.warn("task metadata endpoint not started: {}", e.toString());
            return this;
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        log.info("task metadata endpoint on port {}", port());
        return this;
    }

    int port() { return server == null ? -1 : server.getAddress().getPort(); }

    /** Serves task role credentials from {@code c} at {@code /v2/credentials/<token>}, reached at 169.254.170.2 (see {@link CredentialsRoute}). */
    MetadataEndpoint caBundle(Path file) {
        caBundle = file;
        return this;
    }

    Path caBundle() { return caBundle; }

    MetadataEndpoint credentials(TaskCredentials c, java.util.function.Supplier<String> region) {
        this.credentials = c;
        this.region = region;
        String g = gateway("bridge");
        if (server != null && g != null) route.install(g, port());
        return this;
    }

    /** The token of container {@code container} of task {@code taskArn}. */
    String token(String taskArn, String container) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal((taskArn + "/" + container).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The task's containers become reachable through their tokens. */
    void register(TaskRunner r) {
        for (String name : r.containers().keySet()) targets.put(token(r.taskArn(), name), new Target(r, name));
    }

    /** The task's containers are gone. */
    void forget(TaskRunner r) {
        TaskCredentials c = credentials;
        if (c != null) c.forget(r.taskArn());
        for (String name : r.containers().keySet()) targets.remove(token(r.taskArn(), name), new Target(r, name));
    }

    void clear() { targets.clear(); }

    /** The variables ECS sets in a container of this task: the endpoint's URIs (none in network mode none) and the execution environment. */
    Map<String, String> environment(TaskLayout t, String container) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_EXECUTION_ENV", t.fargate() ? "AWS_ECS_FARGATE" : "AWS_ECS_EC2");
        String host = host(t);
        if (host != null && server != null) {
            String base = "http://" + host + ":" + port() + "/";
            String token = token(t.task().taskArn(), container);
            env.put("ECS_CONTAINER_METADATA_URI", base + "v3/" + token);
            env.put("ECS_CONTAINER_METADATA_URI_V4", base + "v4/" + token);
            if (t.taskRoleArn() != null && credentials != null) {
                // the id names this endpoint's port: whichever agent of the host 169.254.170.2 reaches passes it on
                String id = port() + "-" + token;
                env.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/" + id);
                // where 169.254.170.2 is not routed to this agent, SDKs that accept any host read the full URI
                if (!route.installed()) env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", base + "v2/credentials/" + id);
            }
        }
        env.put("AWS_REGION", region.get());
        env.put("AWS_DEFAULT_REGION", region.get());
        return env;
    }

    /** The address of this host a container of the task reaches: its Docker network's gateway, or loopback in host mode. */
    private String host(TaskLayout t) {
        return switch (t.networkMode()) {
            case "host" -> "127.0.0.1";
            case "none" -> null;
            case "awsvpc" -> gateway(AwsvpcNetwork.NAME);
            default -> gateway("bridge");
        };
    }

    private String gateway(String network) {
        String g = gateways.get(network);
        if (g != null) return g;
        try {
            var n = engine.client().inspectNetworkCmd().withNetworkId(network).exec();
            for (var c : n.getIpam().getConfig()) {
                // Docker 20.10 may leave the default bridge's gateway out of its IPAM config: it is the subnet's first address
                String found = c.getGateway() != null && c.getGateway().contains(".") ? c.getGateway() : firstAddress(c.getSubnet());
                if (found != null) {
                    gateways.put(network, found);
                    return found;
                }
            }
        } catch (RuntimeException e) {
            log.debug("gateway of docker network {}: {}", network, e.toString());
        }
        return null;
    }

    /** The first host address of an IPv4 subnet ({@code 172.17.0.0/16} → {@code 172.17.0.1}), or null. */
    static String firstAddress(String subnet) {
        if (subnet == null || !subnet.contains(".") || !subnet.contains("/")) return null;
        try {
            String[] p = subnet.substring(0, subnet.indexOf('/')).split("\\.");
            int bits = Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
            if (p.length != 4 || bits < 0 || bits > 30) return null;
            long ip = 0;
            for (String o : p) ip = (ip << 8) | Integer.parseInt(o);
            long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
            long first = (ip & mask) + 1;
            return (first >> 24 & 255) + "." + (first >> 16 & 255) + "." + (first >> 8 & 255) + "." + (first & 255);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String[] parts = x.getRequestURI().getPath().replaceAll("/+$", "").split("/");
            if (parts.length == 4 && parts[1].equals("v2") && parts[2].equals("credentials") && "GET".equals(x.getRequestMethod())) {
                String id = parts[3];
                int dash = id.indexOf('-');
                String owner = dash > 0 ? id.substring(0, dash) : "";
                if (owner.matches("[0-9]{1,5}") && !owner.equals(Integer.toString(port()))) {
                    forward(x, Integer.parseInt(owner), id);
                } else {
                    credentials(x, targets.get(dash > 0 ? id.substring(dash + 1) : id));
                }
                return;
            }
            // "", "v4", token, [task], [stats]
            if (parts.length < 3 || !(parts[1].equals("v4") || parts[1].equals("v3")) || !"GET".equals(x.getRequestMethod())) {
                reply(x, 404, Map.of("error", "not found"));
                return;
            }
            boolean v4 = parts[1].equals("v4");
            Target target = targets.get(parts[2]);
            if (target == null) {
                reply(x, 404, Map.of("error", "unknown container"));
                return;
            }
            String rest = String.join("/", java.util.Arrays.asList(parts).subList(3, parts.length));
            TaskRunner r = target.runner();
            ContainerState c = r.containers().get(target.container());
            switch (rest) {
                case "" -> reply(x, 200, TaskMetadata.container(r, c, engine, v4));
                case "task" -> reply(x, 200, TaskMetadata.task(r, engine, availabilityZone, v4));
                case "stats" -> replyRaw(x, c.dockerId == null ? "{}" : stats(c.dockerId));
                case "task/stats" -> replyRaw(x, taskStats(r));
                default -> reply(x, 404, Map.of("error", "not found"));
            }
        } catch (RuntimeException e) {
            log.debug("metadata request {}: {}", x.getRequestURI(), e.toString());
            try {
                reply(x, 500, Map.of("error", String.valueOf(e.getMessage())));
            } catch (IOException | RuntimeException ignored) {
                // the answer had begun
            }
        }
    }

    /**
     * Another agent's credentials id (several agents share a host in tests and with the local instance provider; only one
     * of them receives 169.254.170.2): asked of that agent's endpoint on loopback, its answer passed back as it is.
     */
    private void forward(HttpExchange x, int port, String id) throws IOException {
        try {
            java.net.http.HttpResponse<byte[]> r = SIBLINGS.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + port + "/v2/credentials/" + id)).timeout(java.time.Duration.ofSeconds(10)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) x.getResponseBody().write(r.body());
        } catch (IOException e) {
            reply(x, 400, Map.of("code", "InvalidIdInRequest", "message", "CredentialsV2Request: Credentials not found"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(x, 503, Map.of("code", "Unavailable", "message", "interrupted"));
        }
    }

    private static final java.net.http.HttpClient SIBLINGS = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(2)).build();

    /** ECS's credentials document for the task of the token, or 400 as the ECS agent answers an unknown id. */
    private void credentials(HttpExchange x, Target target) throws IOException {
        TaskCredentials c = credentials;
        String role = target == null ? null : target.runner().layout().taskRoleArn();
        if (target == null || role == null || c == null) {
            reply(x, 400, Map.of("code", "InvalidIdInRequest", "message", "CredentialsV2Request: Credentials not found"));
            return;
        }
        try {
            TaskRunner r = target.runner();
            reply(x, 200, c.get(r.taskArn(), r.layout().instanceArn(), role).document());
        } catch (ControlPlane.HttpError e) {
            reply(x, 500, Map.of("code", "CredentialsUnavailable", "message", String.valueOf(e.awsMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(x, 503, Map.of("code", "Unavailable", "message", "interrupted"));
        }
    }

    private String stats(String dockerId) {
        String s = engine.statsJson(dockerId);
        return s == null ? "{}" : s;
    }

    private String taskStats(TaskRunner r) {
        List<ContainerState> cs = r.containers().values().stream().filter(c -> c.dockerId != null).toList();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<String>> futures = new LinkedHashMap<>();
            for (ContainerState c : cs) futures.put(c.dockerId, pool.submit(() -> stats(c.dockerId)));
            StringBuilder b = new StringBuilder("{");
            for (var e : futures.entrySet()) {
                if (b.length() > 1) b.append(',');
                String s;
                try {
                    s = e.getValue().get();
                } catch (Exception ex) {
                    s = "null";
                }
                b.append('"').append(e.getKey()).append("\":").append(s);
            }
            return b.append('}').toString();
        }
    }

    private static void reply(HttpExchange x, int status, Object body) throws IOException {
        byte[] b = ControlPlane.JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    private static void replyRaw(HttpExchange x, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(200, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    private static byte[] loadKey(Path file) {
        try {
            if (Files.exists(file)) return Files.readAllBytes(file);
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Files.createDirectories(file.getParent());
            Files.write(file, k);
            return k;
        } catch (IOException e) {
            log.debug("metadata key {}: {}", file, e.toString());
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            return k;
        }
    }

    @Override
    public void close() {
        route.remove();
        if (server != null) server.stop(0);
    }
}
