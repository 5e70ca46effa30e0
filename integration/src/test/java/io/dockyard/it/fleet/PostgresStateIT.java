package io.dockyard.it.fleet;

import org.junit.jupiter.api.parallel.ResourceLock;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two control-plane replicas on one PostgreSQL ({@code --database}), as a user runs them: replica A
 * ({@code up}, with the embedded agent that runs the containers) and replica B ({@code server}). Every
 * API call can go to either: what one writes the other answers, a task run through B runs on A's agent,
 * B sees it RUNNING, and after {@code kill -9} of A the state is all still there.
 */
@ResourceLock("postgres")
class PostgresStateIT {
    private static DockyardProcess a;
    private static DockyardProcess b;
    private static AwsCli cliA;
    private static AwsCli cliB;

    @BeforeAll
    static void start() throws Exception {
        Docker.ensureTestImage();
        String url = TestPostgres.createDatabase("dockyard_it_");
        a = new DockyardProcess("--database", url, "--dns-address", "off").start();
        b = DockyardProcess.controlPlaneOnly("--database", url, "--dns-address", "off").start();
        cliA = new AwsCli(a.endpoint());
        cliB = new AwsCli(b.endpoint());
    }

    @AfterAll
    static void stop() {
        if (b != null) b.close();
        if (a != null) a.close();
    }

    private static String status(AwsCli cli, String taskArn) {
        return cli.run("ecs", "describe-tasks", "--cluster", "fleet", "--tasks", taskArn).ok().path("tasks").path(0).path("lastStatus").asText();
    }

    @Test
    void eitherReplicaAnswersAndStateSurvivesKillOfTheOther() throws Exception {
        cliB.run("ecs", "create-cluster", "--cluster-name", "fleet").ok();
        assertThat(cliA.run("ecs", "describe-clusters", "--clusters", "fleet").ok().path("clusters").path(0).path("status").asText()).isEqualTo("ACTIVE");
        cliA.run("ecs", "register-task-definition", "--family", "sleeper", "--container-definitions",
                "[{\"name\":\"s\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,\"command\":[\"sleep\",\"600\"]}]").ok();
        assertThat(cliB.run("ecs", "describe-task-definition", "--task-definition", "sleeper").ok().path("taskDefinition").path("revision").asInt()).isEqualTo(1);

        // A's embedded agent registers an instance in the cluster B created; B sees it
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> cliB.run("ecs", "list-container-instances", "--cluster", "fleet").ok().path("containerInstanceArns").size() == 1);

        String task = cliB.run("ecs", "run-task", "--cluster", "fleet", "--task-definition", "sleeper").ok().path("tasks").path(0).path("taskArn").asText();
        assertThat(task).startsWith("arn:aws:ecs:");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> "RUNNING".equals(status(cliB, task)));
        assertThat(status(cliA, task)).isEqualTo("RUNNING");
        String container = cliB.run("ecs", "describe-tasks", "--cluster", "fleet", "--tasks", task).ok()
                .path("tasks").path(0).path("containers").path(0).path("runtimeId").asText();
        assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", container)).isEqualTo("true");

        a.kill9();
        assertThat(status(cliB, task)).as("B answers while A is down").isEqualTo("RUNNING");
        a.start();
        assertThat(status(cliA, task)).isEqualTo("RUNNING");
        List<String> tasks = List.of(cliA.run("ecs", "list-tasks", "--cluster", "fleet").ok().path("taskArns").get(0).asText());
        assertThat(tasks).containsExactly(task);

        // a stop sent to B reaches A's agent through the database's change notifications
        cliB.run("ecs", "stop-task", "--cluster", "fleet", "--task", task, "--reason", "done").ok();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> "STOPPED".equals(status(cliB, task)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> !"true".equals(Docker.docker("inspect", "-f", "{{.State.Running}}", container)));
    }

    @Test
    void aWrongDatabaseUrlIsRefusedAtStart() {
        DockyardProcess wrong = DockyardProcess.controlPlaneOnly("--database", "mysql://x@y/z", "--dns-address", "off");
        try {
            wrong.start();
            throw new AssertionError("started with a MySQL URL");
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).contains("--database must be empty");
        } finally {
            wrong.close();
        }
    }
}
