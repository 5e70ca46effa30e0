package io.dockyard.it.ecs;

import org.junit.jupiter.api.parallel.ResourceLock;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Duration;
import java.util.List;

import static io.dockyard.it.ecs.TaskRuns.await;
import static io.dockyard.it.ecs.TaskRuns.container;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process's own life in local mode: task host ports published on loopback only; SIGTERM stops Dockyard within
 * 2 s without a warning while its task keeps running (as an ECS agent restart leaves tasks), and the next start
 * adopts the task again (StopTask then stops that same container).
 */
@ResourceLock("cpu")
class ProcessLifecycleIT {
    private static DockyardProcess dockyard;

    @BeforeAll
    static void start() {
        Docker.ensureTestImage();
        dockyard = new DockyardProcess().start();
    }

    @AfterAll
    static void stop() { if (dockyard != null) dockyard.close(); }

    @Test
    void taskPortsBindLoopbackAndSigtermStopsQuicklyLeavingTasksRunning() throws Exception {
        String arn;
        String dockerId;
        int hostPort;
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            ecs.createCluster(b -> b.clusterName("life"));
            TaskRuns.awaitInstance(ecs, "life");
            ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(c -> c.name("web").image(Docker.BUSYBOX).memory(32).stopTimeout(2)
                    .command("httpd", "-f", "-p", "8080").portMappings(p -> p.containerPort(8080).hostPort(0))));
            arn = ecs.runTask(b -> b.cluster("life").taskDefinition("web")).tasks().get(0).taskArn();
            Task running = await(ecs, "life", arn, "RUNNING");
            NetworkBinding binding = container(running, "web").networkBindings().get(0);
            dockerId = container(running, "web").runtimeId();
            hostPort = binding.hostPort();
            assertThat(binding.bindIP()).isEqualTo("127.0.0.1");
            assertThat(Docker.docker("port", dockerId, "8080/tcp")).isEqualTo("127.0.0.1:" + hostPort);
            TaskRuns.get("http://127.0.0.1:" + hostPort + "/"); // the container answers on loopback
        }

        int linesBefore = dockyard.output().size();
        Duration exit = dockyard.terminate();
        assertThat(exit).isLessThanOrEqualTo(Duration.ofSeconds(2));
        List<String> shutdown = dockyard.output().subList(linesBefore, dockyard.output().size());
        assertThat(shutdown).noneMatch(l -> l.contains("level=WARN") || l.contains("level=ERROR") || l.contains("[error]") || l.contains("[warning]"));
        assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", dockerId)).isEqualTo("true");
        TaskRuns.get("http://127.0.0.1:" + hostPort + "/");

        dockyard.start();
        // the restarted agent registers again and adopts the running container: no second container, and StopTask stops it
        String taskArn = arn;
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> dockyard.output().stream().anyMatch(l -> l.contains("adopted task=" + taskArn)));
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            Task again = await(ecs, "life", arn, "RUNNING");
            assertThat(container(again, "web").runtimeId()).isEqualTo(dockerId);
            ecs.stopTask(b -> b.cluster("life").task(arn));
            await(ecs, "life", arn, "STOPPED");
        }
        assertThat(TaskRuns.dockerIds(arn)).containsExactly(dockerId);
        assertThat(Docker.docker("inspect", "-f", "{{.State.Running}}", dockerId)).isEqualTo("false");
    }
}
