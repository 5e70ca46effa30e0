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
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    ControlPlane(List<String> endpoints) {
        if (endpoints.isEmpty()) throw new IllegalArgumentException("no control-plane endpoint");
        this.endpoints = List.copyOf(endpoints);
    }

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
     * Signs the agent's AWS API calls with this key (secure mode); without one they carry a placeholder signature, which
     * local mode accepts.
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
     * A CloudWatch Logs call (AWS JSON 1.1) on the control plane; an AWS error comes back as an
     * {@link HttpError} whose message holds the error body ({@code __type}).
     */
    JsonNode logs(String operation, Object body) throws IOException, InterruptedException {
        return aws("Logs_20140328." + operation, "logs", body);
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
        return send(e -> {
            URI uri = URI.create(e + "/");
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("X-Amz-Target", target).header("Content-Type", "application/x-amz-json-1.1");
            io.dockyard.protocol.sigv4.Key k = as != null ? as : key;
            if (k == null) {
                // the edge serves AWS API calls that carry credentials (any pass in local mode)
                b.header("Authorization", "AWS4-HMAC-SHA256 Credential=dockyard-agent/20260101/us-east-1/" + service + "/aws4_request, SignedHeaders=host, Signature=0");
            } else {
                String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
                io.dockyard.protocol.sigv4.SigV4Signer.sign("POST", host, uri.getRawPath(), null,
                        java.util.Map.of("X-Amz-Target", target, "Content-Type", "application/x-amz-json-1.1"), bytes, k, region, service, java.time.Instant.now())
                        .forEach(b::header);
            }
            return b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        }, Duration.ofSeconds(30));
    }

    private static Function<String, HttpRequest.Builder> get(String path) {
        return e -> HttpRequest.newBuilder(URI.create(e + PREFIX + path)).GET();
    }

    private static Function<String, HttpRequest.Builder> post(String path, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        return e -> HttpRequest.newBuilder(URI.create(e + PREFIX + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
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
