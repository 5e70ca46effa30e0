package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.core.agent.AgentRegistered;
import io.dockyard.core.agent.AgentRegistration;
import io.dockyard.core.agent.AgentWork;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.protocol.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The control plane as the agent sees it: the four calls of the agent protocol over plain HTTP. */
final class ControlPlane {
    static final String PREFIX = "/_dockyard/agent/v1/";
    static final ObjectMapper JSON = Json.RECORDS;

    /** The control plane answered with an HTTP error. */
    static final class HttpError extends IOException {
        final int status;

        HttpError(int status, String body) {
            super("HTTP " + status + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
            this.status = status;
        }
    }

    /** The answer to a cluster-list poll. */
    record Clusters(long version, List<String> clusters) {}

    private final String endpoint;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    ControlPlane(String endpoint) { this.endpoint = endpoint; }

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

    /** ECR GetAuthorizationToken on the control plane (credentials for images in Dockyard's registry). */
    JsonNode ecrAuthorization() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .header("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")
                // the edge serves AWS API calls that carry credentials (any pass in local mode)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=dockyard-agent/20260101/us-east-1/ecr/aws4_request, SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")), Duration.ofSeconds(30));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(endpoint + PREFIX + path)).GET();
    }

    private HttpRequest.Builder post(String path, Object body) throws IOException {
        return HttpRequest.newBuilder(URI.create(endpoint + PREFIX + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }

    private JsonNode send(HttpRequest.Builder b, Duration timeout) throws IOException, InterruptedException {
        byte[] body = body(b, timeout);
        return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    }

    private byte[] body(HttpRequest.Builder b, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 != 2) throw new HttpError(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }
}
