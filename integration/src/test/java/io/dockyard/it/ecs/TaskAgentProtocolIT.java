package io.dockyard.it.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.agent.AgentWork;
import io.dockyard.core.agent.AssignedTask;
import io.dockyard.core.agent.TaskReport;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.NetworkBinding;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The control plane's side of the agent protocol, with the test playing the agent over HTTP against a
 * Dockyard that runs no agent of its own: register, long-poll for work, report RUNNING with a host
 * port, StopTask, report STOPPED with an exit code, all checked through the AWS CLI and the SDK.
 */
class TaskAgentProtocolIT {
    private static DockyardProcess dockyard;
    private AwsCli aws;
    private ScriptedAgent agent;

    @BeforeAll
    static void start() { dockyard = DockyardProcess.controlPlaneOnly().start(); }

    @AfterAll
    static void stop() { dockyard.close(); }

    @BeforeEach
    void reset() {
        dockyard.reset();
        aws = new AwsCli(dockyard.endpoint());
        agent = new ScriptedAgent(dockyard.endpoint());
        aws.run("ecs", "create-cluster", "--cluster-name", "proto").ok();
        aws.run("ecs", "register-task-definition", "--family", "web", "--container-definitions",
                "[{\"name\":\"app\",\"image\":\"dockyard-test/busybox:latest\",\"memory\":200,\"cpu\":100,"
                        + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}]").ok();
    }

    @Test
    void runPollReportStopAndStopped() throws Exception {
        var none = aws.run("ecs", "run-task", "--cluster", "proto", "--task-definition", "web");
        assertThat(none.stderr()).contains("InvalidParameterException").contains("No Container Instances were found in your cluster.");

        String ci = agent.register("proto", "host-1", 1024, 512, false).containerInstanceArn();
        assertThat(ci).startsWith("arn:aws:ecs:us-east-1:000000000000:container-instance/proto/");
        assertThat(agent.register("proto", "host-1", 1024, 512, false).containerInstanceArn()).as("re-registering keeps the ARN").isEqualTo(ci);

        var run = aws.run("ecs", "run-task", "--cluster", "proto", "--task-definition", "web", "--count", "3", "--started-by", "it").ok();
        assertThat(run.at("/tasks").size()).isEqualTo(2);
        assertThat(run.at("/failures/0/arn").asText()).isEqualTo(ci);
        assertThat(run.at("/failures/0/reason").asText()).isEqualTo("RESOURCE:MEMORY");
        JsonNode first = run.at("/tasks/0");
        assertThat(first.at("/lastStatus").asText()).isEqualTo("PROVISIONING");
        assertThat(first.at("/desiredStatus").asText()).isEqualTo("RUNNING");
        assertThat(first.at("/containerInstanceArn").asText()).isEqualTo(ci);
        assertThat(first.at("/group").asText()).isEqualTo("family:web");
        assertThat(first.at("/containers/0/lastStatus").asText()).isEqualTo("PENDING");
        assertThat(first.at("/containers/0/memory").asText()).isEqualTo("200");
        assertThat(first.at("/memory").asText()).isEqualTo("200");
        String taskArn = first.at("/taskArn").asText();
        String other = run.at("/tasks/1/taskArn").asText();

        AgentWork work = agent.work(ci, -1, 0);
        assertThat(work.tasks()).extracting(a -> a.task().taskArn()).containsExactlyInAnyOrder(taskArn, other);
        AssignedTask assigned = work.tasks().stream().filter(a -> a.task().taskArn().equals(taskArn)).findFirst().orElseThrow();
        assertThat(assigned.taskDefinition().get("family")).isEqualTo("web");

        Instant started = Instant.now();
        Container app = new Container.Builder().name("app").lastStatus("RUNNING").runtimeId("cafe01")
                .networkBindings(List.of(new NetworkBinding("0.0.0.0", 80, 32768, "tcp"))).build();
        assertThat(agent.report(new TaskReport(taskArn, ci, "RUNNING", List.of(app), null, null, null, null,
                started, started, started, null, null)).status()).isEqualTo(200);

        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            var described = ecs.describeTasks(b -> b.cluster("proto").tasks(taskArn)).tasks().get(0);
            assertThat(described.lastStatus()).isEqualTo("RUNNING");
            assertThat(described.startedAt()).isNotNull();
            assertThat(described.containers().get(0).networkBindings().get(0).hostPort()).isEqualTo(32768);
            assertThat(described.containers().get(0).runtimeId()).isEqualTo("cafe01");
            assertThat(described.version()).isEqualTo(2L);
            var inst = ecs.describeContainerInstances(b -> b.cluster("proto").containerInstances(ci)).containerInstances().get(0);
            assertThat(inst.runningTasksCount()).isEqualTo(1);
            assertThat(inst.pendingTasksCount()).isEqualTo(1);
            assertThat(inst.agentConnected()).isTrue();
            assertThat(inst.remainingResources()).anyMatch(r -> r.name().equals("MEMORY") && r.integerValue() == 112);
            assertThat(inst.registeredResources()).anyMatch(r -> r.name().equals("PORTS") && r.stringSetValue().containsAll(List.of("22", "51678", "8443")));
            assertThat(inst.attributes()).anyMatch(a -> a.name().equals("team") && a.value().equals("blue"));
            assertThat(inst.versionInfo().agentVersion()).isEqualTo("scripted-1");
        }

        // a long poll past the current version wakes when StopTask changes the task
        long seen = agent.work(ci, -1, 0).version();
        CompletableFuture<AgentWork> waiting = CompletableFuture.supplyAsync(() -> agent.work(ci, seen, 15));
        Thread.sleep(200);
        var stop = aws.run("ecs", "stop-task", "--cluster", "proto", "--task", taskArn, "--reason", "done here").ok();
        assertThat(stop.at("/task/desiredStatus").asText()).isEqualTo("STOPPED");
        assertThat(stop.at("/task/lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(stop.at("/task/stopCode").asText()).isEqualTo("UserInitiated");
        AgentWork woken = waiting.get(5, TimeUnit.SECONDS);
        assertThat(woken.tasks()).anyMatch(a -> a.task().taskArn().equals(taskArn) && a.task().desiredStatus().equals("STOPPED"));

        Container exited = new Container.Builder().name("app").lastStatus("STOPPED").exitCode(137).reason("killed").build();
        agent.report(new TaskReport(taskArn, ci, "STOPPED", List.of(exited), null, null, "EssentialContainerExited", "Essential container in task exited",
                null, null, null, Instant.now(), null));
        var stopped = aws.run("ecs", "describe-tasks", "--cluster", "proto", "--tasks", taskArn.substring(taskArn.lastIndexOf('/') + 1)).ok().at("/tasks/0");
        assertThat(stopped.at("/lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(stopped.at("/containers/0/exitCode").asInt()).isEqualTo(137);
        assertThat(stopped.at("/containers/0/networkBindings/0/hostPort").asInt()).isEqualTo(32768);
        assertThat(stopped.at("/stopCode").asText()).isEqualTo("UserInitiated");
        assertThat(stopped.at("/stoppedReason").asText()).isEqualTo("done here");
        assertThat(stopped.at("/stoppedAt").isMissingNode()).isFalse();

        // a stale report does not bring the task back
        agent.report(new TaskReport(taskArn, ci, "RUNNING", List.of(app), null, null, null, null, null, null, null, null, null));
        assertThat(aws.run("ecs", "describe-tasks", "--cluster", "proto", "--tasks", taskArn).ok().at("/tasks/0/lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(agent.work(ci, -1, 0).tasks()).extracting(a -> a.task().taskArn()).containsExactly(other);

        assertThat(aws.run("ecs", "list-tasks", "--cluster", "proto", "--desired-status", "STOPPED").ok().at("/taskArns").toString()).contains(taskArn);
        assertThat(aws.run("ecs", "list-tasks", "--cluster", "proto").ok().at("/taskArns").toString()).contains(other).doesNotContain(taskArn);
        assertThat(aws.run("ecs", "list-tasks", "--cluster", "proto", "--started-by", "it", "--container-instance", ci).ok().at("/taskArns").size()).isEqualTo(1);
    }

    @Test
    void pollingAnUnknownInstanceTellsTheAgentToRegisterAgain() {
        var answer = agent.poll("arn:aws:ecs:us-east-1:000000000000:container-instance/proto/nope", -1, 0);
        assertThat(answer.status()).isEqualTo(404);
        var noCluster = agent.post("register", java.util.Map.of("cluster", "missing", "instanceName", "h", "cpu", 1, "memory", 1));
        assertThat(noCluster.status()).isEqualTo(400);
        assertThat(noCluster.body()).contains("ClusterNotFoundException");
        assertThat(agent.report(new TaskReport("arn:aws:ecs:us-east-1:000000000000:task/proto/nope", "x", "RUNNING", List.of(),
                null, null, null, null, null, null, null, null, null)).status()).isEqualTo(404);
    }

    @Test
    void clusterListLongPollsForNewClusters() throws Exception {
        ScriptedAgent.Answer now = agent.clusters(-1, 0);
        assertThat(now.body()).contains("\"proto\"");
        long version = ScriptedAgent.JSON.readTree(now.body()).get("version").asLong();
        CompletableFuture<ScriptedAgent.Answer> next = CompletableFuture.supplyAsync(() -> agent.clusters(version, 15));
        Thread.sleep(200);
        aws.run("ecs", "create-cluster", "--cluster-name", "later").ok();
        assertThat(next.get(5, TimeUnit.SECONDS).body()).contains("\"later\"");
    }

    @Test
    void fargateRunnerIsHiddenAndGetsEveryFargateTask() {
        String runner = agent.register(null, "fargate-runner", 4096, 8192, true).containerInstanceArn();
        String ci = agent.register("proto", "host-2", 1024, 1024, false).containerInstanceArn();
        aws.run("ecs", "register-task-definition", "--family", "fg", "--requires-compatibilities", "FARGATE", "--network-mode", "awsvpc",
                "--cpu", "256", "--memory", "512", "--container-definitions", "[{\"name\":\"app\",\"image\":\"dockyard-test/busybox:latest\"}]").ok();
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            assertThat(ecs.listContainerInstances(b -> b.cluster("proto")).containerInstanceArns()).containsExactly(ci);
            var task = ecs.runTask(b -> b.cluster("proto").taskDefinition("fg").launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))).tasks().get(0);
            assertThat(task.launchType()).isEqualTo(LaunchType.FARGATE);
            assertThat(task.platformVersion()).isEqualTo("1.4.0");
            assertThat(task.containerInstanceArn()).isNull();
            assertThat(task.attachments().get(0).type()).isEqualTo("ElasticNetworkInterface");
            assertThat(task.attachments().get(0).status()).isEqualTo("PRECREATED");
            assertThat(agent.work(runner, -1, 0).tasks()).extracting(a -> a.task().taskArn()).containsExactly(task.taskArn());
            assertThat(agent.work(ci, -1, 0).tasks()).isEmpty();
            assertThat(agent.report(new TaskReport(task.taskArn(), ci, "RUNNING", List.of(), null, null, null, null, null, null, null, null, null)).status())
                    .as("an EC2 instance may not report a FARGATE task").isEqualTo(409);
            assertThat(agent.report(new TaskReport(task.taskArn(), runner, "RUNNING", List.of(), null, null, null, null, null, null, null, null, null)).status()).isEqualTo(200);
            assertThat(ecs.describeTasks(b -> b.cluster("proto").tasks(task.taskArn())).tasks().get(0).lastStatus()).isEqualTo("RUNNING");
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("proto").taskDefinition("web").launchType(LaunchType.FARGATE)
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))))
                    .hasMessageContaining("Task definition does not support launch_type FARGATE");
            assertThatThrownBy(() -> ecs.runTask(b -> b.cluster("proto").taskDefinition("web")
                    .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets("subnet-1")))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Network Configuration is not valid");
        }
    }

    @Test
    void concurrentRunTasksNeverOvercommitAnInstance() throws Exception {
        String ci = agent.register("proto", "small", 4096, 1000, false).containerInstanceArn();
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            List<CompletableFuture<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> ecs.runTask(b -> b.cluster("proto").taskDefinition("web").count(2)).tasks().size()));
            }
            int placed = 0;
            for (var c : calls) placed += c.get(60, TimeUnit.SECONDS);
            assertThat(placed).as("1000 MiB holds five 200 MiB tasks").isEqualTo(5);
            var inst = ecs.describeContainerInstances(b -> b.cluster("proto").containerInstances(ci)).containerInstances().get(0);
            assertThat(inst.remainingResources()).anyMatch(r -> r.name().equals("MEMORY") && r.integerValue() == 0);
            assertThat(inst.pendingTasksCount()).isEqualTo(5);
        }
    }

    @Test
    void startTaskPlacesOnTheNamedInstanceOnly() {
        String a = agent.register("proto", "a", 1024, 256, false).containerInstanceArn();
        String b = agent.register("proto", "b", 1024, 256, false).containerInstanceArn();
        var started = aws.run("ecs", "start-task", "--cluster", "proto", "--task-definition", "web", "--container-instances",
                b.substring(b.lastIndexOf('/') + 1), "arn:aws:ecs:us-east-1:000000000000:container-instance/proto/missing").ok();
        assertThat(started.at("/tasks/0/containerInstanceArn").asText()).isEqualTo(b);
        assertThat(started.at("/failures/0/reason").asText()).isEqualTo("MISSING");
        var full = aws.run("ecs", "start-task", "--cluster", "proto", "--task-definition", "web", "--container-instances", b).ok();
        assertThat(full.at("/tasks").size()).isZero();
        assertThat(full.at("/failures/0/reason").asText()).isEqualTo("RESOURCE:MEMORY");
        assertThat(agent.work(a, -1, 0).tasks()).isEmpty();
    }

    /** An agent that speaks the AWS API instead: DiscoverPollEndpoint, Submit{Task,Container}StateChange, UpdateContainerAgent, via the CLI. */
    @Test
    void stateChangesThroughTheEcsApi() {
        String ci = agent.register("proto", "api-host", 1024, 512, false).containerInstanceArn();
        assertThat(aws.run("ecs", "discover-poll-endpoint", "--container-instance", ci, "--cluster", "proto").ok().at("/endpoint").asText())
                .startsWith("http").endsWith(dockyard.endpoint().substring(dockyard.endpoint().lastIndexOf(':')) + "/");
        assertThat(aws.run("ecs", "discover-poll-endpoint", "--cluster", "nope").stderr()).contains("ClusterNotFoundException");
        String task = aws.run("ecs", "run-task", "--cluster", "proto", "--task-definition", "web").ok().at("/tasks/0/taskArn").asText();
        String id = task.substring(task.lastIndexOf('/') + 1);

        assertThat(aws.run("ecs", "submit-task-state-change", "--cluster", "proto", "--task", id, "--status", "RUNNING",
                "--containers", "containerName=app,runtimeId=beef02,status=RUNNING,networkBindings=[{bindIP=0.0.0.0,containerPort=80,hostPort=32901,protocol=tcp}]",
                "--pull-started-at", "1767225600", "--pull-stopped-at", "1767225601").ok().at("/acknowledgment").asText()).isEqualTo("ACK");
        JsonNode running = aws.run("ecs", "describe-tasks", "--cluster", "proto", "--tasks", id).ok().at("/tasks/0");
        assertThat(running.at("/lastStatus").asText()).isEqualTo("RUNNING");
        assertThat(running.at("/containers/0/runtimeId").asText()).isEqualTo("beef02");
        assertThat(running.at("/containers/0/networkBindings/0/hostPort").asInt()).isEqualTo(32901);
        assertThat(running.at("/pullStartedAt").asDouble()).isEqualTo(1767225600.0);

        aws.run("ecs", "submit-container-state-change", "--cluster", "proto", "--task", task, "--container-name", "app",
                "--status", "STOPPED", "--exit-code", "3", "--reason", "crashed").ok();
        assertThat(aws.run("ecs", "submit-container-state-change", "--cluster", "proto", "--task", task, "--container-name", "nope", "--status", "STOPPED").stderr())
                .contains("InvalidParameterException");
        aws.run("ecs", "submit-task-state-change", "--cluster", "proto", "--task", id, "--status", "STOPPED", "--reason", "Essential container in task exited").ok();
        JsonNode stopped = aws.run("ecs", "describe-tasks", "--cluster", "proto", "--tasks", id).ok().at("/tasks/0");
        assertThat(stopped.at("/lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(stopped.at("/containers/0/exitCode").asInt()).isEqualTo(3);
        assertThat(stopped.at("/containers/0/reason").asText()).isEqualTo("crashed");
        assertThat(stopped.at("/stoppedReason").asText()).isEqualTo("Essential container in task exited");
        // forward only: a late RUNNING does not bring it back; a bad status is refused
        aws.run("ecs", "submit-task-state-change", "--cluster", "proto", "--task", id, "--status", "RUNNING").ok();
        assertThat(aws.run("ecs", "describe-tasks", "--cluster", "proto", "--tasks", id).ok().at("/tasks/0/lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(aws.run("ecs", "submit-task-state-change", "--cluster", "proto", "--task", id, "--status", "SLEEPING").stderr()).contains("InvalidParameterException");
        assertThat(aws.run("ecs", "submit-task-state-change", "--cluster", "proto", "--task", "0000", "--status", "RUNNING").stderr()).contains("InvalidParameterException");

        assertThat(aws.run("ecs", "update-container-agent", "--cluster", "proto", "--container-instance", ci).stderr()).contains("NoUpdateAvailableException");
        assertThat(aws.run("ecs", "update-container-agent", "--cluster", "proto", "--container-instance", "missing").stderr()).contains("InvalidParameterException");
    }
}
