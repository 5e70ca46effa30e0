package io.dockyard.it.ecs;

import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real containers: RunTask through the embedded agent to RUNNING with host ports, StopTask to STOPPED with an exit code. */
class TasksEndToEndIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static List<Task> describe(EcsClient ecs, List<String> arns) {
        return ecs.describeTasks(b -> b.cluster("live").tasks(arns)).tasks();
    }

    @Test
    void runTwoTasksThenStopOne() throws Exception {
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            ecs.createCluster(b -> b.clusterName("live"));
            dockyard.cli().run("ecs", "register-task-definition", "--family", "httpd", "--container-definitions",
                    "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,"
                            + "\"command\":[\"httpd\",\"-f\",\"-p\",\"8080\"],\"portMappings\":[{\"containerPort\":8080,\"hostPort\":0}]}]").ok();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> !ecs.listContainerInstances(b -> b.cluster("live")).containerInstanceArns().isEmpty());

            List<String> arns = ecs.runTask(b -> b.cluster("live").taskDefinition("httpd").count(2)).tasks().stream().map(Task::taskArn).toList();
            assertThat(arns).hasSize(2);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> describe(ecs, arns).stream().allMatch(t -> "RUNNING".equals(t.lastStatus())));

            List<Task> running = describe(ecs, arns);
            List<Integer> ports = running.stream().map(t -> t.containers().get(0).networkBindings().get(0).hostPort()).toList();
            assertThat(ports).doesNotHaveDuplicates().allMatch(p -> p > 0);
            HttpClient http = HttpClient.newHttpClient();
            for (int port : ports) {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                assertThat(status).as("busybox httpd answers on host port " + port).isIn(200, 404);
            }
            String runtimeId = running.get(0).containers().get(0).runtimeId();
            assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", runtimeId)).isEqualTo("true");

            String first = arns.get(0);
            assertThat(ecs.stopTask(b -> b.cluster("live").task(first).reason("end of test")).task().desiredStatus()).isEqualTo("STOPPED");
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> "STOPPED".equals(describe(ecs, List.of(first)).get(0).lastStatus()));
            Task stopped = describe(ecs, List.of(first)).get(0);
            assertThat(stopped.containers().get(0).exitCode()).isNotNull();
            assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
            assertThat(stopped.stoppedReason()).isEqualTo("end of test");
            assertThat(stopped.stoppedAt()).isNotNull();
            assertThat(stopped.executionStoppedAt()).isNotNull();
            assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", runtimeId)).isNotEqualTo("true");
            assertThat(describe(ecs, List.of(arns.get(1))).get(0).lastStatus()).isEqualTo("RUNNING");
            assertThat(ecs.listTasks(b -> b.cluster("live")).taskArns()).containsExactly(arns.get(1));
        }
    }

    @Test
    void aTaskWhoseEssentialContainerExitsStopsWithItsExitCode() throws IOException {
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            ecs.createCluster(b -> b.clusterName("live"));
            dockyard.cli().run("ecs", "register-task-definition", "--family", "quit", "--container-definitions",
                    "[{\"name\":\"job\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":16,\"command\":[\"sh\",\"-c\",\"exit 3\"]}]").ok();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> !ecs.listContainerInstances(b -> b.cluster("live")).containerInstanceArns().isEmpty());
            String arn = ecs.runTask(b -> b.cluster("live").taskDefinition("quit")).tasks().get(0).taskArn();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> "STOPPED".equals(describe(ecs, List.of(arn)).get(0).lastStatus()));
            Task t = describe(ecs, List.of(arn)).get(0);
            assertThat(t.containers().get(0).exitCode()).isEqualTo(3);
            assertThat(t.stopCodeAsString()).isEqualTo("EssentialContainerExited");
            assertThat(t.desiredStatus()).isEqualTo("STOPPED");
        }
    }
}
