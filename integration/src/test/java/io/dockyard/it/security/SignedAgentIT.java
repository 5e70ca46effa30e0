package io.dockyard.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AgentProcess;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent protocol in secure mode: remote agents ({@code dockyard agent} processes) sign every call with their access key.
 * One whose key's policy is AWS's AmazonEC2ContainerServiceforEC2Role registers and runs a task; one without a key, one
 * with a wrong secret and one whose policy denies ecs:Poll are refused (403, AWS error codes in their logs) and no
 * container instance of theirs appears. The embedded agent, signing with the control plane's own key, keeps working
 * (it joins the cluster too). LookupEvents shows the refused registration.
 */
class SignedAgentIT {
    private static final String CLUSTER = "signed";
    private static final String EC2_ROLE = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role";
    private static DockyardProcess dockyard;
    private static AwsCli root;
    private static final List<AgentProcess> agents = new ArrayList<>();

    @BeforeAll
    static void start() {
        Docker.ensureTestImage();
        dockyard = new DockyardProcess("--secure", "--dns-address", "off").start();
        root = dockyard.rootCli();
        root.run("ecs", "create-cluster", "--cluster-name", CLUSTER).ok();
    }

    @AfterAll
    static void stop() {
        agents.forEach(AgentProcess::close);
        if (dockyard != null) dockyard.close();
    }

    /** A user with the EC2 container instance role's managed policy (and {@code inline}, when given); its key {id, secret}. */
    private static String[] agentUser(String name, String inline) {
        root.run("iam", "create-user", "--user-name", name).ok();
        root.run("iam", "attach-user-policy", "--user-name", name, "--policy-arn", EC2_ROLE).ok();
        if (inline != null) root.run("iam", "put-user-policy", "--user-name", name, "--policy-name", "p", "--policy-document", inline).ok();
        JsonNode k = root.run("iam", "create-access-key", "--user-name", name).ok().at("/AccessKey");
        return new String[]{k.at("/AccessKeyId").asText(), k.at("/SecretAccessKey").asText()};
    }

    /** A remote agent joining the cluster as {@code name}, with no AWS credentials in its environment and {@code args}. */
    private static AgentProcess agent(String name, List<String> args) {
        AgentProcess a = AgentProcess.start(List.of(), dockyard.endpoint(), CLUSTER, name, 1024, 1024, "us-east-1a", trusting(args),
                Map.of("AWS_ACCESS_KEY_ID", "", "AWS_SECRET_ACCESS_KEY", "", "AWS_SESSION_TOKEN", "", "AWS_PROFILE", "",
                        "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"));
        agents.add(a);
        return a;
    }

    /** The agent's arguments with {@code --ca-bundle}: the secure edge speaks HTTPS with the CA it made. */
    private static List<String> trusting(List<String> args) {
        List<String> out = new ArrayList<>(args);
        out.addAll(List.of("--ca-bundle", dockyard.caFile().toString()));
        return out;
    }

    /** The container instances of the cluster (describe-container-instances). */
    private static List<JsonNode> instances() {
        JsonNode arns = root.run("ecs", "list-container-instances", "--cluster", CLUSTER).ok().at("/containerInstanceArns");
        if (arns.isEmpty()) return List.of();
        List<String> args = new ArrayList<>(List.of("ecs", "describe-container-instances", "--cluster", CLUSTER, "--container-instances"));
        arns.forEach(a -> args.add(a.asText()));
        List<JsonNode> out = new ArrayList<>();
        root.run(args.toArray(String[]::new)).ok().at("/containerInstances").forEach(out::add);
        return out;
    }

    /** The container instances of the cluster, by their agent's instance name. */
    private static List<String> instanceNames() { return instances().stream().map(i -> i.at("/ec2InstanceId").asText()).toList(); }

    @Test
    void onlyAnAgentWithAKeyAllowedTheAgentActionsRegistersAndRunsTasks() {
        String[] good = agentUser("ec2-agent", null);
        String[] noPoll = agentUser("no-poll", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ecs:Poll\",\"Resource\":\"*\"}]}");
        AgentProcess unsigned = agent("unsigned-host", List.of());
        AgentProcess wrongSecret = agent("wrong-secret-host", List.of("--access-key-id", good[0], "--secret-access-key", good[1].substring(1) + "x"));
        AgentProcess denied = agent("no-poll-host", List.of("--access-key-id", noPoll[0], "--secret-access-key", noPoll[1]));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(unsigned.log()).contains("control plane refused the agent").contains("MissingAuthenticationTokenException");
            assertThat(wrongSecret.log()).contains("control plane refused the agent").contains("InvalidSignatureException");
            assertThat(denied.log()).contains("control plane refused the agent").contains("AccessDeniedException")
                    .contains("user/no-poll is not authorized to perform: ecs:Poll");
        });
        // the embedded agent (the control plane's own key) is in the cluster; none of the refused ones
        await().atMost(Duration.ofSeconds(30)).until(() -> !instanceNames().isEmpty());
        assertThat(instanceNames()).doesNotContain("unsigned-host", "wrong-secret-host", "no-poll-host");

        // the key the EC2 role's policy allows: from the environment, as the AWS CLI would take it
        AgentProcess ok = AgentProcess.start(List.of(), dockyard.endpoint(), CLUSTER, "ec2-host", 1024, 1024, "us-east-1a", trusting(List.of()),
                Map.of("AWS_ACCESS_KEY_ID", good[0], "AWS_SECRET_ACCESS_KEY", good[1], "AWS_SESSION_TOKEN", "", "AWS_PROFILE", ""));
        agents.add(ok);
        await().atMost(Duration.ofSeconds(60)).until(() -> instanceNames().contains("ec2-host"));
        JsonNode host = instances().stream().filter(i -> i.at("/ec2InstanceId").asText().equals("ec2-host")).findFirst().orElseThrow();
        assertThat(host.at("/agentConnected").asBoolean()).isTrue();
        String instance = host.at("/containerInstanceArn").asText();

        root.run("ecs", "register-task-definition", "--family", "signed-sleep", "--container-definitions",
                "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"command\":[\"sleep\",\"300\"],\"stopTimeout\":1}]").ok();
        String task = root.run("ecs", "start-task", "--cluster", CLUSTER, "--task-definition", "signed-sleep", "--container-instances", instance)
                .ok().at("/tasks/0/taskArn").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(describe(task).at("/lastStatus").asText()));
        assertThat(describe(task).at("/containerInstanceArn").asText()).isEqualTo(instance);
        assertThat(describe(task).at("/containers/0/runtimeId").asText()).isNotEmpty();
        root.run("ecs", "stop-task", "--cluster", CLUSTER, "--task", task).ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> "STOPPED".equals(describe(task).at("/lastStatus").asText()));
        assertThat(ok.log()).doesNotContain("control plane refused");

        // the refusals are in the audit trail, under the user that was refused
        JsonNode events = root.run("cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=Username,AttributeValue=no-poll").ok().at("/Events");
        assertThat(events.findValuesAsText("EventName")).contains("Poll");
        assertThat(events.toString()).contains("AccessDeniedException");
        assertThat(instanceNames()).doesNotContain("unsigned-host", "wrong-secret-host", "no-poll-host");
    }

    private static JsonNode describe(String task) {
        return root.run("ecs", "describe-tasks", "--cluster", CLUSTER, "--tasks", task).ok().at("/tasks/0");
    }
}
