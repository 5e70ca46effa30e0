package io.dockyard.it.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AgentProcess;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.EcsWire;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The awslogs log driver as ECS users write it in a task definition: a standalone agent ships what real
 * containers print to the control plane's CloudWatch Logs, read back with the AWS CLI (v1 and v2's
 * {@code aws logs tail}) and the SDK v2; multiline events; a missing group; a control plane killed with
 * SIGKILL and restarted while a container logs, losing no line.
 */
class AwslogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER = "awslogs";
    private static DockyardProcess dockyard;
    private static AgentProcess agent;
    private static AwsCli aws;

    @BeforeAll
    static void start() {
        Docker.ensureTestImage();
        dockyard = DockyardProcess.controlPlaneOnly("--dns-address", "off").start();
        aws = new AwsCli(dockyard.endpoint());
        aws.run("ecs", "create-cluster", "--cluster-name", CLUSTER).ok();
        agent = AgentProcess.start(dockyard.endpoint(), CLUSTER, "logger", 2048, 2048, "us-east-1a");
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("ecs", "list-container-instances", "--cluster", CLUSTER).ok()
                .at("/containerInstanceArns").size() == 1);
    }

    @AfterAll
    static void stop() {
        try {
            if (dockyard != null) dockyard.reset();
        } finally {
            if (agent != null) agent.close();
            if (dockyard != null) dockyard.close();
        }
    }

    private static String register(String family, String script, Map<String, String> logOptions) throws Exception {
        Map<String, Object> c = Docker.shellContainer(script);
        c.put("logConfiguration", Map.of("logDriver", "awslogs", "options", logOptions));
        return aws.run("ecs", "register-task-definition", "--family", family, "--container-definitions", JSON.writeValueAsString(List.of(c)))
                .ok().at("/taskDefinition/taskDefinitionArn").asText();
    }

    private static String run(String family) {
        return aws.run("ecs", "run-task", "--cluster", CLUSTER, "--task-definition", family).ok().at("/tasks/0/taskArn").asText();
    }

    private static JsonNode describe(String taskArn) {
        return new EcsWire(dockyard.endpoint()).call("DescribeTasks", Map.of("cluster", CLUSTER, "tasks", List.of(taskArn))).at("/tasks/0");
    }

    private static JsonNode awaitStopped(String taskArn, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(300)).until(() -> "STOPPED".equals(describe(taskArn).at("/lastStatus").asText()));
        return describe(taskArn);
    }

    private static String taskId(String arn) { return arn.substring(arn.lastIndexOf('/') + 1); }

    private static List<String> messages(String group, String stream) {
        List<String> out = new ArrayList<>();
        aws.run("logs", "get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--start-from-head").ok()
                .at("/events").forEach(e -> out.add(e.at("/message").asText()));
        return out;
    }

    @Test
    void whatAContainerPrintsIsInItsStreamWithMultilineEventsJoined() throws Exception {
        String group = "/ecs/awslogs-it";
        register("awslogs-app", "i=0; while [ $i -lt 30 ]; do echo \"line $i\"; i=$((i+1)); done; "
                        + "echo 'ERROR first failure'; echo '  at one'; echo '  at two'; echo 'INFO done'; sleep 0.3; echo 'INFO from stderr' >&2; sleep 1",
                Map.of("awslogs-group", group, "awslogs-region", "us-east-1", "awslogs-stream-prefix", "ecs",
                        "awslogs-create-group", "true", "awslogs-multiline-pattern", "^(INFO|ERROR|line)"));
        String task = run("awslogs-app");
        String stream = "ecs/app/" + taskId(task);
        JsonNode stopped = awaitStopped(task, Duration.ofSeconds(60));
        assertThat(stopped.at("/containers/0/exitCode").asInt()).isZero();

        // Stored by the time the task shows STOPPED.
        List<String> expected = new ArrayList<>(IntStream.range(0, 30).mapToObj(i -> "line " + i).toList());
        expected.add("ERROR first failure\n  at one\n  at two");
        expected.add("INFO done");
        expected.add("INFO from stderr");
        assertThat(messages(group, stream)).containsExactlyElementsOf(expected);

        JsonNode streams = aws.run("logs", "describe-log-streams", "--log-group-name", group).ok().at("/logStreams");
        assertThat(streams.size()).isEqualTo(1);
        assertThat(streams.get(0).at("/logStreamName").asText()).isEqualTo(stream);

        try (CloudWatchLogsClient logs = Sdk.logs(dockyard.endpoint())) {
            List<FilteredLogEvent> errors = logs.filterLogEvents(r -> r.logGroupName(group).filterPattern("\"ERROR\"")).events();
            assertThat(errors).extracting(FilteredLogEvent::message).containsExactly("ERROR first failure\n  at one\n  at two");
            assertThat(errors.get(0).logStreamName()).isEqualTo(stream);
        }
        AwsCli.Result tail = aws.v2().run("logs", "tail", group, "--since", "1h", "--format", "short");
        assertThat(tail.exitCode()).as(tail.stderr()).isZero();
        assertThat(tail.stdout()).contains("line 0").contains("line 29").contains("INFO done");
    }

    @Test
    void linesAppearWhileTheContainerRuns() throws Exception {
        String group = "/ecs/awslogs-live";
        register("awslogs-live", "i=0; while true; do echo \"tick $i\"; i=$((i+1)); sleep 0.5; done",
                Map.of("awslogs-group", group, "awslogs-stream-prefix", "live", "awslogs-create-group", "true"));
        String task = run("awslogs-live");
        String stream = "live/app/" + taskId(task);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> messages(group, stream).contains("tick 3"));
        aws.run("ecs", "stop-task", "--cluster", CLUSTER, "--task", task).ok();
        awaitStopped(task, Duration.ofSeconds(30));
        List<String> all = messages(group, stream);
        assertThat(all).startsWith("tick 0", "tick 1", "tick 2", "tick 3");
        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void aMissingGroupWithoutCreateGroupFailsTheContainerAsOnEcs() throws Exception {
        register("awslogs-nogroup", "echo hi", Map.of("awslogs-group", "/ecs/never-made", "awslogs-stream-prefix", "x"));
        String task = run("awslogs-nogroup");
        JsonNode stopped = awaitStopped(task, Duration.ofSeconds(60));
        assertThat(stopped.at("/stopCode").asText()).isEqualTo("TaskFailedToStart");
        assertThat(stopped.at("/containers/0/reason").asText()).contains("CannotStartContainerError").contains("ResourceNotFoundException");
        assertThat(aws.run("logs", "describe-log-groups", "--log-group-name-prefix", "/ecs/never-made").ok().at("/logGroups").size()).isZero();
    }

    @Test
    void aControlPlaneKilledAndRestartedWhileAContainerLogsLosesNoLine() throws Exception {
        String group = "/ecs/awslogs-crash";
        register("awslogs-crash", "i=0; while [ $i -lt 60 ]; do echo \"n $i\"; i=$((i+1)); sleep 0.1; done",
                Map.of("awslogs-group", group, "awslogs-stream-prefix", "c", "awslogs-create-group", "true"));
        String task = run("awslogs-crash");
        String stream = "c/app/" + taskId(task);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> messages(group, stream).contains("n 5"));
        dockyard.kill9();
        Thread.sleep(2500); // the container goes on printing; the agent buffers
        dockyard.start();
        JsonNode stopped = awaitStopped(task, Duration.ofSeconds(60));
        assertThat(stopped.at("/containers/0/exitCode").asInt()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(group, stream).contains("n 59"));
        List<String> all = messages(group, stream);
        assertThat(all).containsAll(IntStream.range(0, 60).mapToObj(i -> "n " + i).toList());
        assertThat(all).as("in the order printed").isSortedAccordingTo((a, b) -> Integer.compare(Integer.parseInt(a.substring(2)), Integer.parseInt(b.substring(2))));
    }
}
