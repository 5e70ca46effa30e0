package io.dockyard.agent;

import com.sun.net.httpserver.HttpServer;
import io.dockyard.core.agent.TaskReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent's client with several endpoints: the first that answers is used, a dead or failing one is left for the next. */
class ControlPlaneFailoverTest {
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    /** A control plane answering reports with {@code status}; each request it gets is recorded. */
    private HttpServer server(int status, List<String> seen) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/_dockyard/agent/v1/", x -> {
            seen.add(x.getRequestURI().getPath());
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        s.start();
        servers.add(s);
        return s;
    }

    private static String url(HttpServer s) { return "http://127.0.0.1:" + s.getAddress().getPort(); }

    private static String deadEndpoint() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    private static TaskReport report() {
        return new TaskReport("arn:aws:ecs:us-east-1:000000000000:task/c/t1", "ci", "RUNNING", List.of(), null, null, null, null,
                null, null, null, null, null, 1);
    }

    @AfterEach
    void stop() { servers.forEach(s -> s.stop(0)); }

    @Test
    void aRefusedFirstEndpointFallsToTheNextWhichStaysInUse() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer live = server(200, seen);
        ControlPlane cp = new ControlPlane(List.of(deadEndpoint(), url(live)));
        cp.report(report());
        assertThat(cp.endpoint()).isEqualTo(url(live));
        cp.report(report());
        assertThat(seen).containsExactly("/_dockyard/agent/v1/report", "/_dockyard/agent/v1/report");
    }

    @Test
    void anEndpointThatDiesIsLeftForTheNextAndTheCallIsNotLost() throws Exception {
        List<String> first = new CopyOnWriteArrayList<>(), second = new CopyOnWriteArrayList<>();
        HttpServer a = server(200, first);
        HttpServer b = server(200, second);
        ControlPlane cp = new ControlPlane(List.of(url(a), url(b)));
        cp.report(report());
        assertThat(cp.endpoint()).isEqualTo(url(a));
        a.stop(0);
        cp.report(report());
        assertThat(cp.endpoint()).isEqualTo(url(b));
        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
    }

    @Test
    void aServerErrorFailsOverButAClientErrorIsTheAnswer() throws Exception {
        List<String> failing = new CopyOnWriteArrayList<>(), refusing = new CopyOnWriteArrayList<>();
        HttpServer broken = server(503, failing);
        HttpServer strict = server(404, refusing);
        ControlPlane cp = new ControlPlane(List.of(url(broken), url(strict)));
        assertThatThrownBy(() -> cp.report(report())).isInstanceOfSatisfying(ControlPlane.HttpError.class, e -> assertThat(e.status).isEqualTo(404));
        assertThat(cp.endpoint()).isEqualTo(url(strict));
        assertThat(failing).hasSize(1);
        assertThat(refusing).hasSize(1);
    }

    @Test
    void whenNoneAnswersTheLastFailureIsThrownAndTheEndpointStays() throws Exception {
        String dead1 = deadEndpoint(), dead2 = deadEndpoint();
        ControlPlane cp = new ControlPlane(List.of(dead1, dead2));
        assertThatThrownBy(() -> cp.report(report())).isInstanceOf(IOException.class);
        assertThat(cp.endpoint()).isEqualTo(dead1);
    }

    @Test
    void endpointListsAreParsedAndChecked() {
        assertThat(AgentConfig.parseEndpoints(" http://a:4566/, http://b:4567 ,")).containsExactly("http://a:4566", "http://b:4567");
        assertThatThrownBy(() -> AgentConfig.parseEndpoints("a:4566")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentConfig.parseEndpoints(" , ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAdvertisedAddressIsTheRouteSourceOrTheGivenOne() throws Exception {
        AgentConfig c = AgentConfig.standalone("http://127.0.0.1:1", "x", "n", null, null, java.nio.file.Path.of("/tmp/unused"));
        assertThat(HostAddress.advertised(c, new ControlPlane(c.endpoints()))).isEqualTo("127.0.0.1");
        assertThat(HostAddress.advertised(c.withAddress("10.231.9.9"), new ControlPlane(c.endpoints()))).isEqualTo("10.231.9.9");
        assertThatThrownBy(() -> c.withAddress("my-host")).isInstanceOf(IllegalArgumentException.class);
        assertThat(HostAddress.advertised(c.withTaskBindAddress("10.231.9.8"), new ControlPlane(c.endpoints()))).isEqualTo("10.231.9.8");
    }
}
