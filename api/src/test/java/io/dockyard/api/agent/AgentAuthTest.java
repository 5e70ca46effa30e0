package io.dockyard.api.agent;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.protocol.Gate;
import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.sigv4.Key;
import io.dockyard.protocol.sigv4.SigV4Exception;
import io.dockyard.protocol.sigv4.SigV4Signer;
import io.dockyard.protocol.sigv4.SigV4Verifier;
import io.dockyard.protocol.sigv4.SignedRequest;
import io.dockyard.store.CachedStore;
import io.dockyard.store.MemoryJournal;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent protocol's verification path: a gate that checks SigV4 signatures (the real verifier) and refuses the actions
 * on a deny list, in front of the real handler. Unsigned, badly signed and unauthorized calls are 403 with the AWS error
 * shape and register nothing; signed calls pass with the ECS agent action and resource they amount to.
 */
class AgentAuthTest {
    static final String ID = "AKIAAGENTTEST0000001", SECRET = "agent-secret-0123456789", CLUSTER = "arn:aws:ecs:us-east-1:000000000000:cluster/default";
    final Store store = new CachedStore(new MemoryJournal());
    final Ecs ecs = new Ecs(store, Clock.systemUTC(), "us-east-1a");
    final List<String> authorized = new CopyOnWriteArrayList<>();
    final Set<String> denied = new java.util.concurrent.CopyOnWriteArraySet<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Server server;
    int port;

    final Gate gate = new Gate() {
        final SigV4Verifier verifier = new SigV4Verifier(Duration.ofMinutes(5));

        @Override
        public Caller authenticate(SignedRequest request, String sourceIp, boolean queryProtocol) {
            try {
                var v = verifier.verify(request, id -> ID.equals(id) ? Optional.of(Key.longTerm(ID, SECRET, "agent")) : Optional.empty(), Instant.now());
                return new Caller(v.key().accessKeyId(), v.region(), v.key().principal(), sourceIp);
            } catch (SigV4Exception e) {
                throw e.toAwsException(queryProtocol);
            }
        }

        @Override
        public void authorize(Caller caller, String service, String operation, Map<String, Object> input, RequestContext ctx, boolean queryProtocol) {
            if (denied.contains(operation)) throw new AwsException("AccessDeniedException", 400, "not authorized to perform: ecs:" + operation);
            authorized.add(service + ":" + operation + " " + new java.util.TreeMap<>(input));
        }
    };

    @BeforeEach
    void start() throws Exception {
        store.put(Kinds.CLUSTER, new Cluster(CLUSTER, "default", "ACTIVE", List.of(), Map.of(), List.of(), List.of(), Map.of(), List.of(), Instant.now()));
        server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(new AgentHandler(ecs, Arns.of("us-east-1", "000000000000")).gate(gate));
        server.start();
        port = c.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception { server.stop(); }

    private HttpResponse<String> call(String method, String pathAndQuery, String body, Key key) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + AgentHandler.PREFIX + pathAndQuery);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        headers.forEach(b::header);
        if (key != null) {
            SigV4Signer.sign(method, "127.0.0.1:" + port, uri.getRawPath(), uri.getRawQuery(), headers, bytes, key, "us-east-1", "ecs", Instant.now()).forEach(b::header);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String REGISTRATION = "{\"cluster\":\"default\",\"instanceName\":\"host-1\",\"cpu\":1024,\"memory\":2048}";

    @Test
    void unsignedWronglySignedAndDeniedCallsAre403AndRegisterNothing() throws Exception {
        HttpResponse<String> unsigned = call("POST", "register", REGISTRATION, null);
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("\"__type\":\"MissingAuthenticationTokenException\"");

        HttpResponse<String> wrongSecret = call("POST", "register", REGISTRATION, Key.longTerm(ID, "not-the-secret", null));
        assertThat(wrongSecret.statusCode()).isEqualTo(403);
        assertThat(wrongSecret.body()).contains("\"__type\":\"InvalidSignatureException\"");

        HttpResponse<String> unknownKey = call("POST", "register", REGISTRATION, Key.longTerm("AKIANOBODY0000000000", SECRET, null));
        assertThat(unknownKey.statusCode()).isEqualTo(403);
        assertThat(unknownKey.body()).contains("\"__type\":\"UnrecognizedClientException\"");

        denied.add("RegisterContainerInstance");
        HttpResponse<String> refused = call("POST", "register", REGISTRATION, Key.longTerm(ID, SECRET, null));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("\"__type\":\"AccessDeniedException\"").contains("ecs:RegisterContainerInstance");

        denied.clear();
        denied.add("Poll");
        assertThat(call("POST", "register", REGISTRATION, Key.longTerm(ID, SECRET, null)).statusCode()).as("an agent that may not poll").isEqualTo(403);

        HttpResponse<String> unsignedPoll = call("GET", "clusters?since=-1&waitSeconds=0", null, null);
        assertThat(unsignedPoll.statusCode()).isEqualTo(403);
        assertThat(store.list(Kinds.CONTAINER_INSTANCE)).isEmpty();
    }

    @Test
    void signedCallsPassAsTheEcsAgentActionsOnTheirResources() throws Exception {
        Key key = Key.longTerm(ID, SECRET, null);
        HttpResponse<String> registered = call("POST", "register", REGISTRATION, key);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        String instance = ControlPlaneJson.field(registered.body(), "containerInstanceArn");
        assertThat(store.list(Kinds.CONTAINER_INSTANCE)).hasSize(1);

        String poll = "poll?containerInstance=" + URLEncoder.encode(instance, StandardCharsets.UTF_8) + "&since=-1&waitSeconds=0";
        assertThat(call("GET", poll, null, key).statusCode()).isEqualTo(200);
        assertThat(call("GET", "clusters?since=-1&waitSeconds=0", null, key).statusCode()).isEqualTo(200);
        assertThat(authorized).containsExactly(
                "ecs:RegisterContainerInstance {cluster=" + CLUSTER + "}",
                "ecs:Poll {cluster=" + CLUSTER + "}",
                "ecs:Poll {cluster=" + CLUSTER + ", containerInstance=" + instance + "}",
                "ecs:DiscoverPollEndpoint {}");

        denied.add("Poll");
        HttpResponse<String> deniedPoll = call("GET", poll, null, key);
        assertThat(deniedPoll.statusCode()).isEqualTo(403);
        assertThat(deniedPoll.body()).contains("AccessDeniedException");
    }

    /** The one field of the registration answer the test reads. */
    static final class ControlPlaneJson {
        static String field(String json, String name) throws Exception {
            return io.dockyard.protocol.Json.MAPPER.readTree(json).path(name).asText();
        }
    }
}
