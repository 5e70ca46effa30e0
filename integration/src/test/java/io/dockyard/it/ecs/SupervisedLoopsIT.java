package io.dockyard.it.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A background loop that keeps failing (made to by the test hook DOCKYARD_TEST_FAIL_LOOP) is restarted with back-off,
 * logged in one line per failure, and reported by /_dockyard/health as degraded with its name, while the API and
 * the other loops go on.
 */
class SupervisedLoopsIT {
    private static DockyardProcess dockyard;

    @BeforeAll
    static void start() {
        dockyard = new DockyardProcess("--dns-address", "127.0.0.1:0").env("DOCKYARD_TEST_FAIL_LOOP", "dns-refresh").start();
    }

    @AfterAll
    static void stop() { if (dockyard != null) dockyard.close(); }

    @Test
    void aFailingLoopIsRestartedAndHealthReportsItDegraded() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> dockyard.output().stream().filter(l -> l.contains("loop failed loop=dns-refresh")).count() >= 2);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/_dockyard/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode health = new ObjectMapper().readTree(r.body());
        assertThat(health.path("status").asText()).isEqualTo("degraded");
        assertThat(health.path("mode").asText()).isEqualTo("local");
        assertThat(health.path("degraded").toString()).isEqualTo("[\"dns-refresh\"]");
        List<String> running = new ArrayList<>();
        for (JsonNode loop : health.path("loops")) {
            if (loop.path("name").asText().equals("dns-refresh")) {
                assertThat(loop.path("state").asText()).isEqualTo("restarting");
                assertThat(loop.path("failures").asInt()).isGreaterThanOrEqualTo(2);
                assertThat(loop.path("lastError").asText()).contains("DOCKYARD_TEST_FAIL_LOOP");
            } else if (loop.path("state").asText().equals("running")) {
                running.add(loop.path("name").asText());
            }
        }
        assertThat(running).contains("service-controller", "housekeeping", "lb-reconcile", "lb-health", "dns-udp-0", "dns-tcp", "registry-gc");

        List<String> failures = dockyard.output().stream().filter(l -> l.contains("loop failed loop=dns-refresh")).toList();
        assertThat(failures.getFirst()).startsWith("ts=").contains("level=WARN", "logger=Supervisor", "failures=1", "restartInMs=200",
                "error=java.lang.IllegalStateException: failure injected by DOCKYARD_TEST_FAIL_LOOP");
        assertThat(failures.get(1)).contains("failures=2", "restartInMs=400");

        assertThat(new AwsCli(dockyard.endpoint()).run("ecs", "create-cluster", "--cluster-name", "still-serving").ok()
                .at("/cluster/status").asText()).isEqualTo("ACTIVE");
    }
}
