package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.core.agent.AgentRegistered;
import io.dockyard.core.agent.AgentRegistration;
import io.dockyard.core.agent.AgentWork;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.protocol.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The control plane as the agent sees it: the four calls of the agent protocol over plain HTTP, to one
 * of several endpoints. Calls go to the current endpoint (at first the first one); when it does not
 * answer (connection refused or reset, a timeout) or answers 5xx, the same call goes to the next one
 * at once, and the first that answers becomes current. Every call is safe to repeat (registration is
 * by instance name, polls read, reports are sequenced), so a call retried on another endpoint after
 * the first one may or may not have handled it is never applied twice.
 */
final class ControlPlane {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
    static final String PREFIX = "/_dockyard/agent/v1/";
    static final ObjectMapper JSON = Json.RECORDS;

    /** The control plane answered with an HTTP error. */
    static final class HttpError extends IOException {
        final int status;
        final String body;

        HttpError(int status, String body) {
            super("HTTP " + status + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
            this.status = status;
            this.body = body;
        }

        /** The AWS error message of the answer ({@code message} or {@code Message}), or null. */
        String awsMessage() {
            try {
                JsonNode n = JSON.readTree(body);
                return n.has("message") ? n.path("message").asText(null) : n.path("Message").asText(null);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** The AWS error code of the answer ({@code __type} without its namespace), or null. */
        String awsCode() {
            try {
                String t = JSON.readTree(body).path("__type").asText(null);
                return t == null ? null : t.substring(t.lastIndexOf('#') + 1);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** The answer to a cluster-list poll. */
    record Clusters(long version, List<String> clusters) {}

    private final List<String> endpoints;
    private final AtomicInteger current = new AtomicInteger();
    private volatile HttpClient http;

    ControlPlane(List<String> endpoints) { this(endpoints, null); }

    /** {@code tls}: the trust the control plane's HTTPS endpoints are checked with (null: the JDK's default trust store). */
    ControlPlane(List<String> endpoints, javax.net.ssl.SSLContext tls) {
        if (endpoints.isEmpty()) throw new IllegalArgumentException("no control-plane endpoint");
        this.endpoints = List.copyOf(endpoints);
        this.http = client(tls);
    }

    /** The agent's HTTP client: HTTP/1.1 (a long poll holds one connection), 5 s to connect, {@code tls} for https endpoints. */
    static HttpClient client(javax.net.ssl.SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (tls != null) b.sslContext(tls);
        return b.build();
    }

    /** Calls to https endpoints trust what {@code tls} trusts (an agent's {@code --ca-bundle}, the edge's own certificate) instead of the JDK's CAs. */
    void trust(javax.net.ssl.SSLContext tls) { http = client(tls); }

    /** The endpoint calls go to now. */
    String endpoint() { return endpoints.get(current.get()); }

    AgentRegistered register(AgentRegistration r) throws IOException, InterruptedException {
        return JSON.treeToValue(send(post("register", r), Duration.ofSeconds(30)), AgentRegistered.class);
    }

    Clusters clusters(long since, Duration wait) throws IOException, InterruptedException {
        JsonNode n = send(get("clusters?since=" + since + "&waitSeconds=" + wait.toSeconds()), wait.plusSeconds(15));
        List<String> names = new ArrayList<>();
        n.path("clusters").forEach(c -> names.add(c.asText()));
        return new Clusters(n.path("version").asLong(), names);
    }

    AgentWork poll(String containerInstanceArn, long since, Duration wait) throws IOException, InterruptedException {
        String q = "poll?containerInstance=" + URLEncoder.encode(containerInstanceArn, StandardCharsets.UTF_8)
                + "&since=" + since + "&waitSeconds=" + wait.toSeconds();
        return JSON.readValue(body(get(q), wait.plusSeconds(15)), AgentWork.class);
    }

    void report(TaskReport r) throws IOException, InterruptedException {
        send(post("report", r), Duration.ofSeconds(30));
    }

    /** Redeems an ECS Exec session opened on this agent: the session (task, container, runtime id, command), or an HttpError 404. */
    JsonNode exec(Object request) throws IOException, InterruptedException {
        return send(post("exec", request), Duration.ofSeconds(30));
    }

    /** Credentials of a role of a task on this instance (the control plane assumes it for the task). */
    JsonNode credentials(String taskArn, String containerInstanceArn, String roleArn) throws IOException, InterruptedException {
        java.util.Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("taskArn", taskArn);
        body.put("roleArn", roleArn);
        if (containerInstanceArn != null) body.put("containerInstance", containerInstanceArn);
        return send(post("credentials", body), Duration.ofSeconds(30));
    }

    /** The usage of the running tasks (the control plane publishes CloudWatch metrics from it). */
    void stats(io.dockyard.core.agent.TaskUsage usage) throws IOException, InterruptedException {
        send(post("stats", usage), Duration.ofSeconds(30));
    }

    /** ECR GetAuthorizationToken on the control plane (credentials for images in Dockyard's registry). */
    JsonNode ecrAuthorization() throws IOException, InterruptedException {
        return aws("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken", "ecr", java.util.Map.of());
    }

    /**
     * Signs the agent's calls with this key (secure mode): the agent protocol's with the signing name {@code ecs} (as the ECS
     * agent signs its ACS and TCS connections), the AWS API calls with their service's. Without one the agent protocol goes
     * unsigned and the AWS API calls carry a placeholder signature, which local mode accepts.
     */
    void signWith(io.dockyard.protocol.sigv4.Key key, String region) {
        this.key = key;
        this.region = region;
    }

    private volatile io.dockyard.protocol.sigv4.Key key;
    private volatile String region = "us-east-1";

    String region() { return region; }

    void region(String r) { this.region = r; }

    /**
     * A CloudWatch Logs call (AWS JSON 1.1) on the control plane, signed as {@code as} (a task's execution role session;
     * null: the agent's own key); an AWS error comes back as an {@link HttpError} whose message holds the error body ({@code __type}).
     */
    JsonNode logs(String operation, Object body, io.dockyard.protocol.sigv4.Key as) throws IOException, InterruptedException {
        return aws("Logs_20140328." + operation, "logs", body, as);
    }

    /**
     * An AWS JSON 1.1 call on the control plane ({@code target}: the X-Amz-Target, {@code service}: the signing name);
     * an AWS error comes back as an {@link HttpError} whose body holds {@code __type}.
     */
    JsonNode aws(String target, String service, Object body) throws IOException, InterruptedException {
        return aws(target, service, body, null);
    }

    /** Whether the agent signs its calls (secure mode): then what it does for a task is done as the task's execution role. */
    boolean secure() { return key != null; }

    /** As {@link #aws(String, String, Object)}, signed with {@code as} (a task's execution role session) when not null. */
    JsonNode aws(String target, String service, Object body, io.dockyard.protocol.sigv4.Key as) throws IOException, InterruptedException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        java.util.Map<String, String> headers = java.util.Map.of("X-Amz-Target", target, "Content-Type", "application/x-amz-json-1.1");
        return send(e -> {
            URI uri = URI.create(e + "/");
            HttpRequest.Builder b = HttpRequest.newBuilder(uri);
            headers.forEach(b::header);
            io.dockyard.protocol.sigv4.Key k = as != null ? as : key;
            if (k == null) {
                // the edge serves AWS API calls that carry credentials (any pass in local mode)
                b.header("Authorization", "AWS4-HMAC-SHA256 Credential=dockyard-agent/20260101/us-east-1/" + service + "/aws4_request, SignedHeaders=host, Signature=0");
            }
            sign(b, "POST", uri, headers, bytes, service, k);
            return b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        }, Duration.ofSeconds(30));
    }

    /** Adds the SigV4 headers for this request when the agent has a key (each attempt is signed afresh: a long poll too). */
    private void sign(HttpRequest.Builder b, String method, URI uri, java.util.Map<String, String> headers, byte[] body, String service) {
        sign(b, method, uri, headers, body, service, key);
    }

    /** The same with {@code k} (the agent's key, or a task's execution role session); nothing when null. */
    private void sign(HttpRequest.Builder b, String method, URI uri, java.util.Map<String, String> headers, byte[] body, String service,
                      io.dockyard.protocol.sigv4.Key k) {
        if (k == null) return;
        String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        io.dockyard.protocol.sigv4.SigV4Signer.sign(method, host, uri.getRawPath(), uri.getRawQuery(), headers, body, k, region, service, java.time.Instant.now())
                .forEach(b::header);
    }

    private Function<String, HttpRequest.Builder> get(String path) {
        return e -> {
            URI uri = URI.create(e + PREFIX + path);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET();
            sign(b, "GET", uri, java.util.Map.of(), new byte[0], "ecs");
            return b;
        };
    }

    private Function<String, HttpRequest.Builder> post(String path, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        java.util.Map<String, String> headers = java.util.Map.of("Content-Type", "application/json");
        return e -> {
            URI uri = URI.create(e + PREFIX + path);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
            sign(b, "POST", uri, headers, bytes, "ecs");
            return b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        };
    }

    /**
     * Sends the request to the current endpoint, then to each other one in turn while they do not
     * answer or answer 5xx; the one that answers becomes current. Throws what the last one did.
     */
    private JsonNode send(Function<String, HttpRequest.Builder> request, Duration timeout) throws IOException, InterruptedException {
        byte[] body = body(request, timeout);
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    private byte[] body(Function<String, HttpRequest.Builder> request, Duration timeout) throws IOException, InterruptedException {
        int first = current.get();
        IOException failure = null;
        for (int k = 0; k < endpoints.size(); k++) {
            int at = (first + k) % endpoints.size();
            HttpResponse<byte[]> r;
            try {
                r = http.send(request.apply(endpoints.get(at)).timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                failure = e;
                continue;
            }
            if (r.statusCode() / 100 == 5 && endpoints.size() > 1) {
                failure = new HttpError(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
                continue;
            }
            settle(first, at, failure);
            if (r.statusCode() / 100 != 2) throw new HttpError(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            return r.body();
        }
        throw failure;
    }

    /** The endpoint at {@code at} answered a call that started at {@code first}: it becomes current. */
    private void settle(int first, int at, IOException why) {
        if (at == first || !current.compareAndSet(first, at)) return;
        log.info("control plane endpoint {} now in use ({} did not answer: {})", endpoints.get(at), endpoints.get(first), String.valueOf(why));
    }

    /**
     * The local address this host reaches the current endpoint from (the route's source address; no
     * packet is sent), or null when it cannot be told (unresolvable host, IPv6 only).
     */
    String sourceAddress() {
        URI u = URI.create(endpoint());
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(u.getHost()), u.getPort() > 0 ? u.getPort() : 80));
            InetAddress a = s.getLocalAddress();
            return a instanceof Inet4Address && !a.isAnyLocalAddress() ? a.getHostAddress() : null;
        } catch (IOException | RuntimeException e) {
            log.debug("no route to {}: {}", u, e.toString());
            return null;
        }
    }
}
