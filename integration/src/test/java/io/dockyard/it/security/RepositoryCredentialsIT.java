package io.dockyard.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A container's repositoryCredentials: the image lives in a private registry that wants a user and a password (a second
 * Dockyard in secure mode, whose registry answers 401 without its ECR-style password), the credentials are a Secrets
 * Manager secret of the Dockyard that runs the task (local mode), and the agent pulls with them. A wrong password stops
 * the task with CannotPullContainerError; no answer shows the password.
 */
class RepositoryCredentialsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final OwnDockyard runner = new OwnDockyard("--dns-address", "off").withTestImage();
    @RegisterExtension
    static final OwnDockyard registry = new OwnDockyard("--secure", "--dns-address", "off").withoutReset();

    private static AwsCli cli;
    private static String image, password;
    private static Path config;

    @BeforeAll
    static void pushToThePrivateRegistry() throws Exception {
        List<String> out = registry.process().output();
        AwsCli owner = registry.cli().as(value(out, "AWS_ACCESS_KEY_ID="), value(out, "AWS_SECRET_ACCESS_KEY="), null);
        owner.run("ecr", "create-repository", "--repository-name", "private/app").ok();
        String host = "localhost:" + registry.process().port();
        image = host + "/private/app:v1";
        password = owner.run("ecr", "get-login-password").stdout().strip();
        config = Files.createTempDirectory("docker-config-");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        Cmd.run(env, password, "docker", "login", "--username", "AWS", "--password-stdin", host).ok();
        Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, image).ok();
        Cmd.run(env, null, "docker", "push", image).ok();
        Cmd.run(env, null, "docker", "rmi", image).ok();
        cli = runner.cli();
        cli.run("ecs", "create-cluster", "--cluster-name", "private").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.run("ecs", "list-container-instances", "--cluster", "private").ok()
                .at("/containerInstanceArns").size() == 1);
    }

    @AfterAll
    static void removeImage() {
        if (image != null) Cmd.run(Map.of(), null, "docker", "rmi", "-f", image);
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().map(String::strip).filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in the output:\n" + String.join("\n", lines)));
    }

    private static JsonNode run(String family, String secretName, String secretValue) throws Exception {
        String arn = cli.run("secretsmanager", "create-secret", "--name", secretName, "--secret-string", secretValue).ok().at("/ARN").asText();
        Map<String, Object> c = Docker.shellContainer("echo pulled");
        c.put("image", image);
        c.put("repositoryCredentials", Map.of("credentialsParameter", arn));
        cli.run("ecs", "register-task-definition", "--family", family, "--container-definitions", JSON.writeValueAsString(List.of(c))).ok();
        String task = cli.run("ecs", "run-task", "--cluster", "private", "--task-definition", family).ok().at("/tasks/0/taskArn").asText();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                "STOPPED".equals(cli.run("ecs", "describe-tasks", "--cluster", "private", "--tasks", task).ok().at("/tasks/0/lastStatus").asText()));
        JsonNode t = cli.run("ecs", "describe-tasks", "--cluster", "private", "--tasks", task).ok().at("/tasks/0");
        String ids = Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.task-arn=" + task);
        for (String id : ids == null ? List.<String>of() : ids.lines().toList()) {
            assertThat(Docker.docker("inspect", id.strip())).doesNotContain(password);
            Docker.docker("rm", "-f", id.strip());
        }
        return t;
    }

    @Test
    void aWrongPasswordStopsTheTaskWithCannotPullContainerError() throws Exception {
        JsonNode t = run("private-wrong", "registry/wrong", JSON.writeValueAsString(Map.of("username", "AWS", "password", "not-" + password)));
        assertThat(t.at("/stoppedReason").asText()).as(t.toString()).startsWith("CannotPullContainerError: ")
                .containsIgnoringCase("unauthorized");
        assertThat(t.toString()).doesNotContain(password);
        JsonNode malformed = run("private-malformed", "registry/malformed", "just a password");
        assertThat(malformed.at("/stoppedReason").asText()).as(malformed.toString())
                .startsWith("ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ");
    }

    @Test
    void theImageIsPulledWithTheSecretsCredentials() throws Exception {
        JsonNode t = run("private-ok", "registry/ok", JSON.writeValueAsString(Map.of("username", "AWS", "password", password)));
        assertThat(t.at("/containers/0/exitCode").asInt()).as(t.toString()).isZero();
        assertThat(t.toString()).doesNotContain(password);
    }
}
