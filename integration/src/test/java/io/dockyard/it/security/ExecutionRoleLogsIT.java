package io.dockyard.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In secure mode a task's {@code awslogs} output is shipped as its execution role, as the ECS agent does: the role's
 * policy decides whether its log stream may be made and its events put (CloudTrail shows the role's session as the
 * caller of CreateLogStream); a role that may not write the logs stops the task before its container starts, with ECS's
 * ResourceInitializationError; a task without an execution role ships with the agent's own key (the instance's role).
 */
class ExecutionRoleLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "/ecs/shipped";
    private static final String CLUSTER = "logs-as-role";

    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--secure", "--dns-address", "off").withTestImage().withoutReset();
    private static AwsCli root;
    private static final List<String> tasks = new ArrayList<>();

    @BeforeAll
    static void start() {
        List<String> out = dockyard.process().output();
        root = dockyard.cli().as(value(out, "AWS_ACCESS_KEY_ID="), value(out, "AWS_SECRET_ACCESS_KEY="), null);
        root.run("logs", "create-log-group", "--log-group-name", GROUP).ok();
        root.run("ecs", "create-cluster", "--cluster-name", CLUSTER).ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> root.run("ecs", "list-container-instances", "--cluster", CLUSTER).ok()
                .at("/containerInstanceArns").size() == 1);
    }

    @AfterAll
    static void removeContainers() {
        for (String task : tasks) {
            String ids = Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.task-arn=" + task);
            for (String id : ids == null ? List.<String>of() : ids.lines().toList()) Docker.docker("rm", "-f", id.strip());
        }
    }

    private static String value(List<String> lines, String prefix) {
        return lines.stream().map(String::strip).filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in the output:\n" + String.join("\n", lines)));
    }

    @Test
    void theOutputIsShippedAsTheExecutionRole() throws Exception {
        String role = role("shipper");
        root.run("iam", "attach-role-policy", "--role-name", "shipper", "--policy-arn",
                "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy").ok();
        String task = run("shipped", role, "echo shipped-as-role");
        JsonNode stopped = stopped(task);
        assertThat(stopped.at("/containers/0/exitCode").asInt()).as(stopped.toString()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> messages("shipped", task).contains("shipped-as-role"));
        Thread.sleep(1500); // the trail is flushed every second

        // the audit trail names the caller of CreateLogStream: the role's session, not the agent (PutLogEvents is a data
        // event, which CloudTrail does not record)
        JsonNode events = root.run("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateLogStream")
                .ok().at("/Events");
        List<String> callers = new ArrayList<>();
        for (JsonNode e : events) callers.add(JSON.readTree(e.at("/CloudTrailEvent").asText()).at("/userIdentity/arn").asText());
        assertThat(callers).as(events.toString()).anyMatch(arn -> arn.contains(":assumed-role/shipper/"));
    }

    @Test
    void aRoleThatMayNotWriteTheLogsStopsTheTaskBeforeItsContainerStarts() throws Exception {
        String role = role("mute");
        root.run("iam", "put-role-policy", "--role-name", "mute", "--policy-name", "no-logs", "--policy-document",
                JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                        "Action", "ecr:GetAuthorizationToken", "Resource", "*"))))).ok();
        String task = run("muted", role, "echo never-printed");
        JsonNode stopped = stopped(task);
        assertThat(stopped.at("/stoppedReason").asText()).as(stopped.toString())
                .startsWith("ResourceInitializationError: failed to validate logger args: ")
                .contains("failed to create Cloudwatch log stream: AccessDeniedException")
                .contains("assumed-role/mute/").contains("logs:CreateLogStream");
        assertThat(stopped.at("/containers/0/exitCode").isMissingNode()).as("the container never ran: " + stopped).isTrue();
        assertThat(stopped.at("/containers/0/runtimeId").asText("")).as("no container was made").isEmpty();

        // the same role, once allowed, ships the next task's output
        root.run("iam", "put-role-policy", "--role-name", "mute", "--policy-name", "logs", "--policy-document",
                JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                        "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"), "Resource", "arn:aws:logs:*:*:log-group:" + GROUP + ":*"))))).ok();
        String allowed = run("muted", role, "echo now-allowed");
        assertThat(stopped(allowed).at("/containers/0/exitCode").asInt()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> messages("muted", allowed).contains("now-allowed"));
    }

    @Test
    void withoutAnExecutionRoleTheAgentsOwnKeyShipsTheOutput() throws Exception {
        String task = run("no-role", null, "echo shipped-as-agent");
        assertThat(stopped(task).at("/containers/0/exitCode").asInt()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> messages("no-role", task).contains("shipped-as-agent"));
    }

    /** A role ECS tasks may assume, without policies; its ARN. */
    private static String role(String name) throws Exception {
        String trust = JSON.writeValueAsString(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"), "Action", "sts:AssumeRole"))));
        return root.run("iam", "create-role", "--role-name", name, "--assume-role-policy-document", trust).ok().at("/Role/Arn").asText();
    }

    /** Registers {@code family} (awslogs into {@link #GROUP}, stream prefix = family, the group not made by the driver) and runs it. */
    private static String run(String family, String role, String script) throws Exception {
        Map<String, Object> c = Docker.shellContainer(script);
        c.put("logConfiguration", Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", GROUP, "awslogs-region", "us-east-1",
                "awslogs-stream-prefix", family)));
        List<String> args = new ArrayList<>(List.of("ecs", "register-task-definition", "--family", family,
                "--container-definitions", JSON.writeValueAsString(List.of(c))));
        if (role != null) args.addAll(List.of("--execution-role-arn", role));
        String arn = root.run(args.toArray(String[]::new)).ok().at("/taskDefinition/taskDefinitionArn").asText();
        String task = root.run("ecs", "run-task", "--cluster", CLUSTER, "--task-definition", arn).ok().at("/tasks/0/taskArn").asText();
        tasks.add(task);
        return task;
    }

    private static JsonNode stopped(String task) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                "STOPPED".equals(root.run("ecs", "describe-tasks", "--cluster", CLUSTER, "--tasks", task).ok().at("/tasks/0/lastStatus").asText()));
        return root.run("ecs", "describe-tasks", "--cluster", CLUSTER, "--tasks", task).ok().at("/tasks/0");
    }

    private static List<String> messages(String family, String task) {
        List<String> out = new ArrayList<>();
        String stream = family + "/app/" + task.substring(task.lastIndexOf('/') + 1);
        AwsCli.Result r = root.run("logs", "get-log-events", "--log-group-name", GROUP, "--log-stream-name", stream, "--start-from-head");
        if (r.exitCode() == 0) r.json().at("/events").forEach(e -> out.add(e.at("/message").asText()));
        return out;
    }
}
