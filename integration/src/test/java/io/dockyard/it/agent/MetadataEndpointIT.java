package io.dockyard.it.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.EcsWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The task metadata endpoint read from inside real containers, as applications and the OpenTelemetry
 * ECS receiver read it: {@code wget $ECS_CONTAINER_METADATA_URI_V4/task} and friends in bridge, host and
 * awsvpc (FARGATE) network modes; what the container printed is read back through awslogs.
 */
class MetadataEndpointIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "wget -qO- $ECS_CONTAINER_METADATA_URI_V4/task; echo; wget -qO- $ECS_CONTAINER_METADATA_URI_V4; echo; "
            + "wget -qO- $ECS_CONTAINER_METADATA_URI_V4/task/stats; echo; wget -qO- $ECS_CONTAINER_METADATA_URI/task; echo; "
            + "echo \"env $AWS_EXECUTION_ENV\"; sleep 1";

    private static String register(AwsCli aws, String family, String networkMode, boolean fargate) throws Exception {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "app");
        c.put("image", Docker.BUSYBOX);
        c.put("essential", true);
        c.put("stopTimeout", 2);
        c.put("command", List.of("sh", "-c", SCRIPT));
        if (!fargate) c.put("memory", 32);
        c.put("logConfiguration", Map.of("logDriver", "awslogs", "options", Map.of("awslogs-group", "/ecs/metadata",
                "awslogs-stream-prefix", family, "awslogs-create-group", "true", "awslogs-region", "us-east-1")));
        List<String> args = new ArrayList<>(List.of("ecs", "register-task-definition", "--family", family, "--network-mode", networkMode,
                "--container-definitions", JSON.writeValueAsString(List.of(c))));
        if (fargate) args.addAll(List.of("--requires-compatibilities", "FARGATE", "--cpu", "256", "--memory", "512",
                "--execution-role-arn", "arn:aws:iam::000000000000:role/ecsTaskExecutionRole"));
        return aws.run(args.toArray(String[]::new)).ok().at("/taskDefinition/taskDefinitionArn").asText();
    }

    /** Runs the task to its end and returns the lines it printed. */
    private static List<String> runAndRead(AwsCli aws, String family, String... runArgs) {
        List<String> args = new ArrayList<>(List.of("ecs", "run-task", "--cluster", "meta", "--task-definition", family));
        args.addAll(List.of(runArgs));
        String task = aws.run(args.toArray(String[]::new)).ok().at("/tasks/0/taskArn").asText();
        EcsWire ecs = new EcsWire(aws.endpoint());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> "STOPPED".equals(
                ecs.call("DescribeTasks", Map.of("cluster", "meta", "tasks", List.of(task))).at("/tasks/0/lastStatus").asText()));
        JsonNode t = ecs.call("DescribeTasks", Map.of("cluster", "meta", "tasks", List.of(task))).at("/tasks/0");
        assertThat(t.at("/containers/0/exitCode").asInt()).as(t.toString()).isZero();
        String stream = family + "/app/" + task.substring(task.lastIndexOf('/') + 1);
        List<String> lines = new ArrayList<>();
        aws.run("logs", "get-log-events", "--log-group-name", "/ecs/metadata", "--log-stream-name", stream, "--start-from-head").ok()
                .at("/events").forEach(e -> lines.add(e.at("/message").asText()));
        lines.add(0, task);
        return lines;
    }

    private static void checkCommon(List<String> lines, String clusterArn, String family, String mode, String launchType) throws Exception {
        String taskArn = lines.get(0);
        assertThat(lines).hasSize(6);
        JsonNode task = JSON.readTree(lines.get(1));
        assertThat(task.at("/TaskARN").asText()).isEqualTo(taskArn);
        assertThat(task.at("/Cluster").asText()).isEqualTo(clusterArn);
        assertThat(task.at("/Family").asText()).isEqualTo(family);
        assertThat(task.at("/Revision").asText()).isEqualTo("1");
        assertThat(task.at("/KnownStatus").asText()).isIn("RUNNING", "ACTIVATING", "PENDING");
        assertThat(task.at("/DesiredStatus").asText()).isEqualTo("RUNNING");
        assertThat(task.at("/LaunchType").asText()).isEqualTo(launchType);
        assertThat(task.at("/AvailabilityZone").asText()).startsWith("us-east-1");
        assertThat(task.at("/PullStartedAt").asText()).isNotEmpty();
        assertThat(task.at("/Containers").size()).isEqualTo(1);
        JsonNode c = JSON.readTree(lines.get(2));
        assertThat(c.at("/Name").asText()).isEqualTo("app");
        assertThat(c.at("/DockerId").asText()).hasSize(64);
        assertThat(c.at("/Image").asText()).isEqualTo(Docker.BUSYBOX);
        assertThat(c.at("/ImageID").asText()).startsWith("sha256:");
        assertThat(c.at("/KnownStatus").asText()).isEqualTo("RUNNING");
        assertThat(c.at("/Type").asText()).isEqualTo("NORMAL");
        assertThat(c.at("/Labels/com.amazonaws.ecs.task-arn").asText()).isEqualTo(taskArn);
        assertThat(c.at("/LogDriver").asText()).isEqualTo("awslogs");
        assertThat(c.at("/LogOptions/awslogs-stream").asText()).isEqualTo(family + "/app/" + taskArn.substring(taskArn.lastIndexOf('/') + 1));
        assertThat(c.at("/ContainerARN").asText()).startsWith("arn:aws:ecs:");
        assertThat(c.at("/StartedAt").asText()).isNotEmpty();
        assertThat(c.at("/Networks/0/NetworkMode").asText()).isEqualTo(mode);
        assertThat(task.at("/Containers/0/DockerId").asText()).isEqualTo(c.at("/DockerId").asText());
        JsonNode stats = JSON.readTree(lines.get(3));
        JsonNode own = stats.get(c.at("/DockerId").asText());
        assertThat(own).as(lines.get(3)).isNotNull();
        assertThat(own.at("/memory_stats/usage").asLong()).isPositive();
        assertThat(own.at("/cpu_stats/cpu_usage/total_usage").asLong()).isPositive();
        JsonNode v3 = JSON.readTree(lines.get(4));
        assertThat(v3.at("/TaskARN").asText()).isEqualTo(taskArn);
        assertThat(v3.has("LaunchType")).isFalse();
        assertThat(lines.get(5)).isEqualTo("env " + ("FARGATE".equals(launchType) ? "AWS_ECS_FARGATE" : "AWS_ECS_EC2"));
    }

    @Test
    void bridgeHostAndAwsvpcContainersReadTheirOwnMetadata() throws Exception {
        AwsCli aws = dockyard.cli();
        String cluster = aws.run("ecs", "create-cluster", "--cluster-name", "meta").ok().at("/cluster/clusterArn").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("ecs", "list-container-instances", "--cluster", "meta").ok()
                .at("/containerInstanceArns").size() == 1);

        register(aws, "meta-bridge", "bridge", false);
        List<String> bridge = runAndRead(aws, "meta-bridge");
        checkCommon(bridge, cluster, "meta-bridge", "bridge", "EC2");
        assertThat(JSON.readTree(bridge.get(2)).at("/Networks/0/IPv4Addresses/0").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(JSON.readTree(bridge.get(1)).has("Limits")).isFalse();

        register(aws, "meta-host", "host", false);
        checkCommon(runAndRead(aws, "meta-host"), cluster, "meta-host", "host", "EC2");

        register(aws, "meta-fargate", "awsvpc", true);
        List<String> fargate = runAndRead(aws, "meta-fargate", "--launch-type", "FARGATE", "--network-configuration",
                "awsvpcConfiguration={subnets=[subnet-1]}");
        checkCommon(fargate, cluster, "meta-fargate", "awsvpc", "FARGATE");
        JsonNode task = JSON.readTree(fargate.get(1));
        assertThat(task.at("/Limits/CPU").asDouble()).isEqualTo(0.25);
        assertThat(task.at("/Limits/Memory").asInt()).isEqualTo(512);
        JsonNode net = JSON.readTree(fargate.get(2)).at("/Networks/0");
        String ip = net.at("/IPv4Addresses/0").asText();
        assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(net.at("/IPv4SubnetCIDRBlock").asText()).endsWith("/16");
        assertThat(net.at("/PrivateDNSName").asText()).isEqualTo("ip-" + ip.replace('.', '-') + ".ec2.internal");
        JsonNode described = new EcsWire(aws.endpoint()).call("DescribeTasks", Map.of("cluster", "meta", "tasks", List.of(fargate.get(0))))
                .at("/tasks/0/containers/0/networkInterfaces/0/privateIpv4Address");
        assertThat(described.asText()).isEqualTo(ip);
    }
}
