package io.dockyard.agent;

import com.sun.net.httpserver.HttpServer;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.protocol.sigv4.Key;
import io.dockyard.protocol.sigv4.SigV4Exception;
import io.dockyard.protocol.sigv4.SigV4Verifier;
import io.dockyard.protocol.sigv4.SignedRequest;
import io.dockyard.protocol.sigv4.Verified;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent signs its protocol calls (signing name ecs) as the control plane verifies them: a poll's query with an ARN, a report's body. */
class ControlPlaneSigningTest {
    static final String ID = "AKIAHOSTKEY000000001", SECRET = "host-secret";
    static final String INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/0123abcd";
    final List<String> verdicts = new CopyOnWriteArrayList<>();
    HttpServer server;

    private String start() throws Exception {
        SigV4Verifier verifier = new SigV4Verifier(Duration.ofMinutes(5));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/_dockyard/agent/v1/", x -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            x.getRequestHeaders().forEach(headers::put);
            byte[] body = x.getRequestBody().readAllBytes();
            String verdict;
            try {
                Verified v = verifier.verify(new SignedRequest(x.getRequestMethod(), x.getRequestURI().getRawPath(), x.getRequestURI().getRawQuery(), headers, body),
                        id -> ID.equals(id) ? Optional.of(Key.longTerm(ID, SECRET, null)) : Optional.empty(), Instant.now());
                verdict = x.getRequestURI().getPath() + " signed " + v.service() + " " + v.region();
            } catch (SigV4Exception e) {
                verdict = x.getRequestURI().getPath() + " " + e.getMessage();
            }
            verdicts.add(verdict);
            byte[] answer = x.getRequestURI().getPath().endsWith("poll") ? "{\"version\":1,\"tasks\":[]}".getBytes(StandardCharsets.UTF_8) : "{}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() { if (server != null) server.stop(0); }

    private static TaskReport report() {
        return new TaskReport("arn:aws:ecs:us-east-1:000000000000:task/c/t1", INSTANCE, "RUNNING", List.of(), null, null, null, null,
                null, null, null, null, null, 1);
    }

    @Test
    void withAKeyEveryCallIsSignedForEcsWithoutNone() throws Exception {
        ControlPlane cp = new ControlPlane(List.of(start()));
        cp.signWith(Key.longTerm(ID, SECRET, null), "eu-west-1");
        cp.poll(INSTANCE, 0, Duration.ZERO);
        cp.report(report());
        assertThat(verdicts).containsExactly("/_dockyard/agent/v1/poll signed ecs eu-west-1", "/_dockyard/agent/v1/report signed ecs eu-west-1");

        verdicts.clear();
        ControlPlane unsigned = new ControlPlane(List.of("http://127.0.0.1:" + server.getAddress().getPort()));
        unsigned.poll(INSTANCE, 0, Duration.ZERO);
        assertThat(verdicts).hasSize(1).allSatisfy(v -> assertThat(v).doesNotContain("signed"));
    }
}
