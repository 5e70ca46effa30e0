package io.dockyard.agent;

import io.dockyard.core.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dockyard.agent.AgentTestSupport.BUSYBOX;
import static io.dockyard.agent.AgentTestSupport.awaitStatus;
import static io.dockyard.agent.AgentTestSupport.container;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent when the Engine fails a call: its engine is reached through a proxy (a unix socket in front of Docker's) that
 * answers the first stop requests with an error, as a busy or restarting engine (or a pool out of connections) does. The
 * task must not report STOPPED while its container still runs: the stop is tried again until the container is down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineFailuresTest {
    private static final Duration START = Duration.ofSeconds(30);
    private final AtomicInteger stopsToRefuse = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private FakeControlPlane cp;
    private Agent agent;
    private String instance;
    private ServerSocketChannel proxy;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        AgentTestSupport.ensureTestImage();
        dir = AgentTestSupport.tempDir();
        Path socket = dir.resolve("engine.sock");
        proxy = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        proxy.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(this::accept);
        cp = new FakeControlPlane();
        agent = new Agent(AgentTestSupport.config(cp, dir, "failures").withDockerHost("unix://" + socket), new io.dockyard.core.loop.Supervisor());
        agent.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> cp.instance("failures") != null);
        instance = cp.instance("failures");
    }

    @AfterAll
    void stop() throws IOException {
        if (agent != null) {
            agent.purge();
            agent.close();
        }
        if (cp != null) cp.close();
        if (proxy != null) proxy.close();
    }

    @Test
    void aStopTheEngineRefusesIsTriedAgainAndTheTaskStopsOnlyWhenItsContainerHas() throws Exception {
        Map<String, Object> def = FakeControlPlane.json("""
            {"family":"refused-stop","containerDefinitions":[
              {"name":"app","image":"%s","essential":true,"command":["sh","-c","trap 'exit 0' TERM; sleep 600 & wait"],"stopTimeout":2}]}
            """.formatted(BUSYBOX));
        Task t = cp.run(instance, def, null, "EC2");
        Task running = awaitStatus(cp, t.taskArn(), "RUNNING", START);
        String id = container(running, "app").runtimeId();
        stopsToRefuse.set(2);

        cp.stop(t.taskArn());
        Task stopped = awaitStatus(cp, t.taskArn(), "STOPPED", START);

        assertThat(refused.get()).as("stop requests the engine refused").isEqualTo(2);
        Process inspect = new ProcessBuilder("docker", "inspect", "-f", "{{.State.Running}}", id).start();
        assertThat(new String(inspect.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .as("the container of a STOPPED task").isEqualTo("false");
        assertThat(container(stopped, "app").lastStatus()).isEqualTo("STOPPED");
    }

    // ---- the proxy: bytes both ways, but a request line "POST .../containers/<id>/stop" is answered 500 while refusals are due

    private void accept() {
        while (proxy.isOpen()) {
            try {
                SocketChannel client = proxy.accept();
                Thread.ofVirtual().start(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(SocketChannel client) {
        try (client; SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of("/var/run/docker.sock"))) {
            Thread back = Thread.ofVirtual().start(() -> copy(engine, client));
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (client.read(buf) >= 0) {
                buf.flip();
                String head = StandardCharsets.ISO_8859_1.decode(buf.duplicate()).toString();
                if (head.startsWith("POST ") && head.lines().findFirst().orElse("").matches("POST \\S*/containers/\\w+/stop\\S* HTTP/1.1")
                        && stopsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    refused.incrementAndGet();
                    byte[] body = "{\"message\":\"injected: the engine is busy\"}".getBytes(StandardCharsets.UTF_8);
                    client.write(ByteBuffer.wrap(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
                    client.write(ByteBuffer.wrap(body));
                    return;
                }
                while (buf.hasRemaining()) engine.write(buf);
                buf.clear();
            }
            back.join();
        } catch (IOException | InterruptedException e) {
            // a side closed
        }
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) to.write(buf);
                buf.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // a side closed
        }
    }
}
