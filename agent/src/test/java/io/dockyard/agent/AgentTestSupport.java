package io.dockyard.agent;

import io.dockyard.core.model.Container;
import io.dockyard.core.model.Task;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers for the agent's Docker tests: the test image, the docker CLI, waiting for task states. */
final class AgentTestSupport {
    static final String BUSYBOX = "dockyard-test/busybox:latest";

    private AgentTestSupport() {}

    static void ensureTestImage() throws Exception {
        Path script = Path.of("..", "scripts", "make-test-image.sh").toAbsolutePath();
        Process p = new ProcessBuilder("bash", script.toString(), BUSYBOX).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("cannot make " + BUSYBOX);
    }

    static AgentConfig config(FakeControlPlane cp, Path dataDir, String cluster) {
        AgentConfig base = cluster == null ? AgentConfig.embedded(cp.endpoint(), dataDir)
                : AgentConfig.standalone(cp.endpoint(), cluster, "test-host", null, null, dataDir);
        return base.withRetention(Duration.ofMinutes(10)).withPollWait(Duration.ofSeconds(5));
    }

    static Task awaitStatus(FakeControlPlane cp, String taskArn, String status, Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20))
                    .until(() -> status.equals(cp.task(taskArn).lastStatus()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("task did not reach " + status + ": " + cp.task(taskArn), e);
        }
        return cp.task(taskArn);
    }

    static Container container(Task t, String name) {
        return t.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** {@code docker args...}; stdout, or throws when docker fails. */
    static String docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("docker " + String.join(" ", args) + ": " + out);
        return out;
    }

    static String httpGet(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static Path tempDir() throws IOException { return Files.createTempDirectory("dockyard-agent-test-"); }
}
