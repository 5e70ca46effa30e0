package io.dockyard.it.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.Browser;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser (Playwright driving Debian's Chromium): the journey of {@code console-journey.mjs}
 * against a running Dockyard with real containers, then the same state read back with the AWS CLI — the console acted
 * through the API's own operations.
 */
class ConsoleIT {
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage();

    @Test
    void aUserCreatesAClusterATaskDefinitionAndAServiceThenUpdatesItStopsATaskAndBrowsesTheRegistry() throws IOException {
        assertThat(Browser.available()).as("node and /usr/bin/chromium (./dockyard test installs them)").isTrue();
        String registry = "localhost:" + dockyard.process().port();
        dockyard.cli().run("ecr", "create-repository", "--repository-name", "console-app").ok();
        dockyard.cli().run("ecr", "put-lifecycle-policy", "--repository-name", "console-app", "--lifecycle-policy-text",
                "{\"rules\":[{\"rulePriority\":1,\"selection\":{\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1},"
                        + "\"action\":{\"type\":\"expire\"}}]}").ok();
        Path config = Files.createTempDirectory("docker-config-");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        String password = dockyard.cli().run("ecr", "get-login-password").stdout().trim();
        Cmd.run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", registry).ok();
        String pushed = registry + "/console-app:v1";
        Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, pushed).ok();
        try {
            Cmd.run(env, null, "docker", "push", pushed).ok();

            Browser.Result run = Browser.run("console-journey.mjs", Map.of("CONSOLE_URL", dockyard.endpoint(), "IMAGE", Docker.BUSYBOX,
                    "REPOSITORY", "console-app", "TAG", "v1"), Duration.ofMinutes(6));
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("console-journey: done");
        } finally {
            Cmd.run(env, null, "docker", "rmi", "-f", pushed);
        }

        // what the forms did is there for the API's clients too
        JsonNode service = dockyard.cli().run("ecs", "describe-services", "--cluster", "console-demo", "--services", "web").ok().at("/services/0");
        assertThat(service.at("/desiredCount").asInt()).isEqualTo(3);
        assertThat(service.at("/taskDefinition").asText()).endsWith(":task-definition/console-web:1");
        JsonNode containers = dockyard.cli().run("ecs", "describe-task-definition", "--task-definition", "console-web:1").ok()
                .at("/taskDefinition/containerDefinitions");
        assertThat(containers).hasSize(2);
        assertThat(containers.at("/0/environment").toString()).contains("GREETING").contains("hello");
        assertThat(containers.at("/0/essential").asBoolean()).isTrue();
        assertThat(containers.at("/1/name").asText()).isEqualTo("sidecar");
        assertThat(containers.at("/1/essential").asBoolean()).isFalse();
        java.util.List<String> stopped = new java.util.ArrayList<>();
        dockyard.cli().run("ecs", "list-tasks", "--cluster", "console-demo", "--desired-status", "STOPPED").ok().at("/taskArns").forEach(a -> stopped.add(a.asText()));
        java.util.List<String> reasons = new java.util.ArrayList<>();
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("ecs", "describe-tasks", "--cluster", "console-demo", "--tasks"));
        args.addAll(stopped);
        dockyard.cli().run(args.toArray(String[]::new)).ok().at("/tasks").forEach(t -> reasons.add(t.at("/stoppedReason").asText()));
        assertThat(reasons).contains("Stopped from the console");
    }

    @Test
    void actionsNeedThePagesTokenAndCrossSitePagesGetNothing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String page = http.send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/console/")).build(), HttpResponse.BodyHandlers.ofString()).body();
        String token = page.replaceAll("(?s).*<meta name=\"console-token\" content=\"([0-9a-f]+)\">.*", "$1");
        assertThat(token).hasSize(48);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/console/actions/create-cluster"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("clusterName=csrf"));
        HttpResponse<String> noToken = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("InvalidConsoleToken");
        // a new connection: the edge may close the one whose refused POST body it did not read
        HttpResponse<String> crossSite = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/console/actions/create-cluster"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Console-Token", token).header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("clusterName=csrf")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(dockyard.cli().run("ecs", "describe-clusters", "--clusters", "csrf").ok().at("/clusters").size()).isZero();
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/console/actions/create-cluster"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Console-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("clusterName=with-token")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{\"go\":\"/console/clusters/with-token\"}");
        assertThat(dockyard.cli().run("ecs", "describe-clusters", "--clusters", "with-token").ok().at("/clusters/0/status").asText()).isEqualTo("ACTIVE");
    }
}
