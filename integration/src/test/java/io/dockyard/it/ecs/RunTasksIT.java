package io.dockyard.it.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.dockyard.it.ecs.TaskRuns.await;
import static io.dockyard.it.ecs.TaskRuns.container;
import static io.dockyard.it.ecs.TaskRuns.eniDetail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real tasks through the embedded agent, driven with the AWS CLI and the SDK, checked with the docker CLI and HTTP. */
class RunTasksIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    private static final String WEB = "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":64,\"stopTimeout\":2,"
            + "\"linuxParameters\":{\"initProcessEnabled\":true},"
            + "\"command\":[\"sh\",\"-c\",\"mkdir -p /www; echo task-$HOSTNAME > /www/index.html; exec httpd -f -p 80 -h /www\"],"
            + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}]";

    private AwsCli aws;
    private EcsClient ecs;

    @BeforeEach
    void setUp() {
        aws = dockyard.cli();
        ecs = Sdk.ecs(dockyard.endpoint());
        aws.run("ecs", "create-cluster", "--cluster-name", "run").ok();
        TaskRuns.awaitInstance(ecs, "run");
    }

    @AfterEach
    void tearDown() { ecs.close(); }

    @Test
    void twoTasksRunWithTheirOwnHostPortsAndEcsLabels() throws Exception {
        aws.run("ecs", "register-task-definition", "--family", "web", "--container-definitions", WEB).ok();
        JsonNode run = aws.run("ecs", "run-task", "--cluster", "run", "--task-definition", "web", "--count", "2").ok();
        assertThat(run.at("/tasks")).hasSize(2);
        List<Integer> ports = new ArrayList<>();
        for (JsonNode t : run.at("/tasks")) {
            String arn = t.at("/taskArn").asText();
            Task running = await(ecs, "run", arn, "RUNNING");
            var web = container(running, "web");
            assertThat(web.networkBindings()).hasSize(1);
            int port = web.networkBindings().get(0).hostPort();
            assertThat(web.networkBindings().get(0).containerPort()).isEqualTo(80);
            assertThat(web.networkBindings().get(0).bindIP()).as("local mode binds task ports to loopback").isEqualTo("127.0.0.1");
            ports.add(port);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(TaskRuns.get("http://127.0.0.1:" + port + "/")).startsWith("task-"));
            assertThat(TaskRuns.dockerIds(arn)).containsExactly(web.runtimeId());
            String labels = Docker.docker("inspect", "-f", "{{json .Config.Labels}}", web.runtimeId());
            assertThat(labels).contains("\"com.amazonaws.ecs.cluster\":\"run\"", "\"com.amazonaws.ecs.container-name\":\"web\"",
                    "\"com.amazonaws.ecs.task-definition-family\":\"web\"", "\"com.amazonaws.ecs.task-definition-version\":\"1\"",
                    "\"io.dockyard.agent\":");
            assertThat(Docker.docker("inspect", "-f", "{{.Name}}", web.runtimeId())).matches("/ecs-web-1-web-[0-9a-f]+");
        }
        assertThat(ports).doesNotHaveDuplicates();
        assertThat(TaskRuns.get("http://127.0.0.1:" + ports.get(0) + "/")).isNotEqualTo(TaskRuns.get("http://127.0.0.1:" + ports.get(1) + "/"));
    }

    @Test
    void containersStartInDependsOnOrder() {
        ecs.registerTaskDefinition(b -> b.family("ordered").containerDefinitions(
                c -> c.name("init").image(Docker.BUSYBOX).memory(64).essential(false).command("sh", "-c", "sleep 0.5"),
                c -> c.name("app").image(Docker.BUSYBOX).memory(64).essential(true).command("sleep", "600").stopTimeout(1)
                        .dependsOn(d -> d.containerName("init").condition("SUCCESS"))));
        String arn = ecs.runTask(b -> b.cluster("run").taskDefinition("ordered")).tasks().get(0).taskArn();
        Task running = await(ecs, "run", arn, "RUNNING");
        var init = container(running, "init");
        assertThat(init.lastStatus()).isEqualTo("STOPPED");
        assertThat(init.exitCode()).isZero();
        String initFinished = Docker.docker("inspect", "-f", "{{.State.FinishedAt}}", init.runtimeId());
        String appStarted = Docker.docker("inspect", "-f", "{{.State.StartedAt}}", container(running, "app").runtimeId());
        assertThat(Instant.parse(appStarted)).isAfterOrEqualTo(Instant.parse(initFinished));
    }

    @Test
    void anEssentialContainerExitStopsTheTaskWithItsExitCode() {
        ecs.registerTaskDefinition(b -> b.family("exits").containerDefinitions(
                c -> c.name("main").image(Docker.BUSYBOX).memory(64).essential(true).command("sh", "-c", "sleep 1; exit 3")));
        String arn = ecs.runTask(b -> b.cluster("run").taskDefinition("exits")).tasks().get(0).taskArn();
        Task stopped = await(ecs, "run", arn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("EssentialContainerExited");
        assertThat(stopped.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(container(stopped, "main").exitCode()).isEqualTo(3);
        assertThat(stopped.executionStoppedAt()).isNotNull();
    }

    @Test
    void stopTaskStopsTheContainersAndKeepsTheirExitCodes() {
        aws.run("ecs", "register-task-definition", "--family", "web", "--container-definitions", WEB).ok();
        String arn = aws.run("ecs", "run-task", "--cluster", "run", "--task-definition", "web").ok().at("/tasks/0/taskArn").asText();
        await(ecs, "run", arn, "RUNNING");
        aws.run("ecs", "stop-task", "--cluster", "run", "--task", arn, "--reason", "done here").ok();
        Task stopped = await(ecs, "run", arn, "STOPPED");
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(stopped.stoppedReason()).isEqualTo("done here");
        assertThat(container(stopped, "web").exitCode()).isEqualTo(143);
        JsonNode cli = aws.run("ecs", "describe-tasks", "--cluster", "run", "--tasks", arn).ok();
        assertThat(cli.at("/tasks/0/containers/0/exitCode").asInt()).isEqualTo(143);
        assertThat(Docker.docker("inspect", "-f", "{{.State.Status}}", container(stopped, "web").runtimeId())).isEqualTo("exited");
    }

    @Test
    void awsvpcTasksGetTheirOwnAddressesAndBothListenOnPort80() throws Exception {
        ecs.registerTaskDefinition(b -> b.family("vpc").networkMode(NetworkMode.AWSVPC).containerDefinitions(
                c -> c.name("web").image(Docker.BUSYBOX).memory(64).essential(true).stopTimeout(1)
                        .command("sh", "-c", "mkdir -p /www; hostname -i > /www/index.html; exec httpd -f -p 80 -h /www")
                        .portMappings(p -> p.containerPort(80))));
        List<Task> tasks = ecs.runTask(b -> b.cluster("run").taskDefinition("vpc").count(2)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-0abc")))).tasks();
        List<String> ips = new ArrayList<>();
        for (Task t : tasks) {
            Task running = await(ecs, "run", t.taskArn(), "RUNNING");
            String ip = eniDetail(running, "privateIPv4Address");
            assertThat(ip).isNotBlank();
            assertThat(running.attachments().get(0).status()).isEqualTo("ATTACHED");
            assertThat(container(running, "web").networkInterfaces().get(0).privateIpv4Address()).isEqualTo(ip);
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(TaskRuns.get("http://" + ip + ":80/").trim()).isEqualTo(ip));
            ips.add(ip);
        }
        assertThat(ips).doesNotHaveDuplicates();
    }

    @Test
    void aFargateTaskRunsIsolatedWithItsTaskSizeAsLimits() {
        aws.run("ecs", "register-task-definition", "--family", "fg", "--requires-compatibilities", "FARGATE", "--network-mode", "awsvpc",
                "--cpu", "256", "--memory", "512", "--container-definitions",
                "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"command\":[\"sleep\",\"600\"],\"stopTimeout\":1}]").ok();
        String arn = aws.run("ecs", "run-task", "--cluster", "run", "--task-definition", "fg", "--launch-type", "FARGATE",
                "--network-configuration", "awsvpcConfiguration={subnets=[subnet-1]}").ok().at("/tasks/0/taskArn").asText();
        Task running = await(ecs, "run", arn, "RUNNING");
        assertThat(running.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(eniDetail(running, "privateIPv4Address")).isNotBlank();
        String id = container(running, "app").runtimeId();
        assertThat(Docker.docker("inspect", "-f", "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}", id)).isEqualTo("250000000 536870912");
        aws.run("ecs", "stop-task", "--cluster", "run", "--task", arn).ok();
        Task stopped = await(ecs, "run", arn, "STOPPED");
        assertThat(container(stopped, "app").exitCode()).isEqualTo(137);
    }
}
