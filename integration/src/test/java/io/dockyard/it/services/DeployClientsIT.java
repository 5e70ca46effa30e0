package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.internal.waiters.ResponseOrException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.waiters.EcsWaiter;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTasksResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clients ECS users deploy with, replayed against real containers: the sequence of the GitHub action
 * {@code aws-actions/amazon-ecs-deploy-task-definition} with the SDK's waiters, the botocore waiters through
 * the AWS CLI (success and failure paths), and Terraform's read-back of task definitions and services.
 */
class DeployClientsIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The action's waiters poll every 15 s (botocore's delay); the test polls faster with the same acceptors. */
    private static final WaiterOverrideConfiguration FAST = WaiterOverrideConfiguration.builder()
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(300))).maxAttempts(300).build();

    @Test
    void githubDeployActionSequenceWithTheSdkWaiters() throws Exception {
        AwsCli aws = dockyard.cli();
        String cluster = "deploy-gh";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String v1 = ServiceFixtures.register(aws, "ghweb", "sleep 3600");
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", v1, "--desired-count", "2").ok();
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint()); EcsWaiter waiter = EcsWaiter.builder().client(ecs).overrideConfiguration(FAST).build()) {
            waiter.waitUntilServicesStable(b -> b.cluster(cluster).services("web")).matched().response().orElseThrow();

            // the action renders the task definition a user keeps in the repository (a describe output), strips the
            // read-only fields, drops empty values, and registers it
            ObjectNode rendered = (ObjectNode) aws.run("ecs", "describe-task-definition", "--task-definition", v1).ok().at("/taskDefinition");
            for (String readOnly : List.of("taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy")) {
                assertThat(rendered.has(readOnly) || readOnly.equals("registeredBy")).as(readOnly + " is in DescribeTaskDefinition").isTrue();
                rendered.remove(readOnly);
            }
            ((ObjectNode) rendered.at("/containerDefinitions/0")).set("command", JSON.valueToTree(List.of("sh", "-c", "echo v2; sleep 3600")));
            dropEmpty(rendered);
            String v2 = aws.run("ecs", "register-task-definition", "--cli-input-json", JSON.writeValueAsString(rendered)).ok()
                    .at("/taskDefinition/taskDefinitionArn").asText();
            assertThat(v2).endsWith("task-definition/ghweb:2");

            // run-task with wait-for-task-stopped: the exit codes decide the step
            Task once = ecs.runTask(b -> b.cluster(cluster).taskDefinition(ServiceFixtures.register(aws, "ghmigrate", "exit 0")).startedBy("GitHub-Actions")).tasks().get(0);
            Task failing = ecs.runTask(b -> b.cluster(cluster).taskDefinition(ServiceFixtures.register(aws, "ghmigrate", "exit 7")).startedBy("GitHub-Actions")).tasks().get(0);
            ResponseOrException<DescribeTasksResponse> stopped = waiter
                    .waitUntilTasksStopped(b -> b.cluster(cluster).tasks(once.taskArn(), failing.taskArn())).matched();
            List<Task> done = stopped.response().orElseThrow().tasks();
            assertThat(done).allMatch(t -> t.lastStatus().equals("STOPPED"));
            assertThat(done.stream().filter(t -> t.taskArn().equals(once.taskArn())).findFirst().orElseThrow().containers().get(0).exitCode()).isZero();
            assertThat(done.stream().filter(t -> t.taskArn().equals(failing.taskArn())).findFirst().orElseThrow().containers().get(0).exitCode()).isEqualTo(7);
            assertThat(ecs.listTasks(b -> b.cluster(cluster).startedBy("GitHub-Actions").desiredStatus("STOPPED")).taskArns()).hasSize(2);

            // describe-services, then update-service with forceNewDeployment: a new deployment each time
            Service before = ecs.describeServices(b -> b.cluster(cluster).services("web")).services().get(0);
            assertThat(before.status()).isEqualTo("ACTIVE");
            assertThat(before.deploymentController().typeAsString()).isEqualTo("ECS");
            String firstId = before.deployments().get(0).id();
            ecs.updateService(b -> b.cluster(cluster).service("web").taskDefinition(v2).forceNewDeployment(true));
            DescribeServicesResponse stable = waiter.waitUntilServicesStable(b -> b.cluster(cluster).services("web"))
                    .matched().response().orElseThrow();
            Service after = stable.services().get(0);
            assertThat(after.deployments()).hasSize(1);
            assertThat(after.deployments().get(0).id()).isNotEqualTo(firstId);
            assertThat(after.deployments().get(0).taskDefinition()).isEqualTo(v2);
            assertThat(after.deployments().get(0).rolloutStateAsString()).isEqualTo("COMPLETED");
            String secondId = after.deployments().get(0).id();
            ecs.updateService(b -> b.cluster(cluster).service("web").taskDefinition(v2).forceNewDeployment(true));
            Service again = ecs.describeServices(b -> b.cluster(cluster).services("web")).services().get(0);
            assertThat(again.deployments().get(0).id()).as("forceNewDeployment with the same task definition is a new deployment")
                    .isNotIn(firstId, secondId);
            assertThat(again.deployments().get(0).status()).isEqualTo("PRIMARY");
            Service settled = waiter.waitUntilServicesStable(b -> b.cluster(cluster).services("web")).matched().response().orElseThrow().services().get(0);
            assertThat(settled.deployments().get(0).rolloutStateAsString()).isNotEqualTo("FAILED");
            assertThat(settled.runningCount()).isEqualTo(2);
        }
        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "web", "--force").ok();
    }

    @Test
    void cliWaitersSucceedAndFailAsBotocoreDefinesThem() {
        AwsCli aws = dockyard.cli();
        String cluster = "deploy-waiters";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String td = ServiceFixtures.register(aws, "waitweb", "sleep 3600");
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", td, "--desired-count", "1").ok();
        ServiceFixtures.awaitSteady(aws, cluster, "web", 1, td, Duration.ofSeconds(60));
        for (AwsCli cli : List.of(aws, aws.v2())) {
            assertThat(cli.run("ecs", "wait", "services-stable", "--cluster", cluster, "--services", "web").exitCode()).isZero();
            String task = ServiceFixtures.running(aws, cluster, "web").get(0).at("/taskArn").asText();
            assertThat(cli.run("ecs", "wait", "tasks-running", "--cluster", cluster, "--tasks", task).exitCode()).isZero();
            // failure acceptors: a missing service, a task that stopped
            AwsCli.Result missing = cli.run("ecs", "wait", "services-stable", "--cluster", cluster, "--services", "nope");
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.stderr()).contains("Waiter ServicesStable failed");
            String exited = aws.run("ecs", "run-task", "--cluster", cluster, "--task-definition", ServiceFixtures.register(aws, "waitexit", "exit 1")).ok()
                    .at("/tasks/0/taskArn").asText();
            assertThat(aws.run("ecs", "wait", "tasks-stopped", "--cluster", cluster, "--tasks", exited).exitCode()).isZero();
            AwsCli.Result notRunning = cli.run("ecs", "wait", "tasks-running", "--cluster", cluster, "--tasks", exited);
            assertThat(notRunning.exitCode()).isNotZero();
            assertThat(notRunning.stderr()).contains("Waiter TasksRunning failed");
        }
        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "web", "--force").ok();
        assertThat(aws.run("ecs", "wait", "services-inactive", "--cluster", cluster, "--services", "web").exitCode()).isZero();
        assertThat(aws.run("ecs", "describe-services", "--cluster", cluster, "--services", "web").ok().at("/services/0/status").asText()).isEqualTo("INACTIVE");
    }

    @Test
    void terraformReadsBackWhatItRegisteredAndCreatedWithoutADiff() throws Exception {
        AwsCli aws = dockyard.cli();
        String cluster = "deploy-tf";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        // as the AWS provider sends a container_definitions string: unsorted environment, explicit defaults
        String defs = "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"cpu\":0,\"memory\":32,\"essential\":true,"
                + "\"command\":[\"sleep\",\"3600\"],\"environment\":[{\"name\":\"B\",\"value\":\"2\"},{\"name\":\"A\",\"value\":\"1\"}],"
                + "\"portMappings\":[{\"containerPort\":8080,\"hostPort\":0,\"protocol\":\"tcp\"}],\"mountPoints\":[],\"volumesFrom\":[]},"
                + "{\"name\":\"side\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":16,\"essential\":false,\"command\":[\"sleep\",\"3600\"]}]";
        JsonNode registered = aws.run("ecs", "register-task-definition", "--family", "tfapp", "--container-definitions", defs).ok().at("/taskDefinition");
        JsonNode read = aws.run("ecs", "describe-task-definition", "--task-definition", "tfapp").ok().at("/taskDefinition");
        assertThat(normalized(read.get("containerDefinitions"), false)).isEqualTo(normalized(JSON.readTree(defs), false));
        assertThat(read.get("containerDefinitions")).isEqualTo(registered.get("containerDefinitions"));

        // awsvpc: hostPort reads back equal to containerPort, which the provider also treats as no change
        String vpcDefs = "[{\"name\":\"app\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"command\":[\"sleep\",\"3600\"],"
                + "\"portMappings\":[{\"containerPort\":8080}]}]";
        JsonNode vpc = aws.run("ecs", "register-task-definition", "--family", "tfvpc", "--network-mode", "awsvpc", "--container-definitions", vpcDefs).ok()
                .at("/taskDefinition/containerDefinitions");
        assertThat(vpc.at("/0/portMappings/0/hostPort").asInt()).isEqualTo(8080);
        assertThat(normalized(vpc, true)).isEqualTo(normalized(JSON.readTree(vpcDefs), true));

        // aws_ecs_service read-back
        String td = registered.get("taskDefinitionArn").asText();
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "tfsvc", "--task-definition", td, "--desired-count", "0",
                "--launch-type", "EC2", "--propagate-tags", "NONE").ok();
        JsonNode svc = aws.run("ecs", "describe-services", "--cluster", cluster, "--services", "tfsvc", "--include", "TAGS").ok().at("/services/0");
        assertThat(svc.at("/taskDefinition").asText()).isEqualTo(td);
        assertThat(svc.at("/clusterArn").asText()).endsWith(":cluster/" + cluster);
        assertThat(svc.at("/deploymentConfiguration/maximumPercent").asInt()).isEqualTo(200);
        assertThat(svc.at("/deploymentConfiguration/minimumHealthyPercent").asInt()).isEqualTo(100);
        assertThat(svc.at("/deploymentController/type").asText()).isEqualTo("ECS");
        assertThat(svc.at("/propagateTags").asText()).isEqualTo("NONE");
        assertThat(svc.at("/launchType").asText()).isEqualTo("EC2");
        assertThat(svc.at("/schedulingStrategy").asText()).isEqualTo("REPLICA");
        assertThat(svc.at("/enableECSManagedTags").asBoolean()).isFalse();
        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "tfsvc", "--force").ok();
    }

    /** The AWS provider's container-definition comparison: defaults and empty values removed, environment sorted. */
    private static JsonNode normalized(JsonNode defs, boolean awsvpc) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode d : defs) {
            ObjectNode c = d.deepCopy();
            if (c.path("cpu").asInt(-1) == 0) c.remove("cpu");
            if (!c.has("essential")) c.put("essential", true);
            for (JsonNode pm : c.path("portMappings")) {
                ObjectNode p = (ObjectNode) pm;
                if ("tcp".equals(p.path("protocol").asText())) p.remove("protocol");
                if (p.path("hostPort").asInt(-1) == 0 || (awsvpc && p.path("hostPort").asInt() == p.path("containerPort").asInt())) p.remove("hostPort");
            }
            if (c.has("environment")) {
                List<JsonNode> env = new ArrayList<>();
                c.get("environment").forEach(env::add);
                env.sort((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()));
                c.set("environment", JSON.valueToTree(env));
            }
            dropEmpty(c);
            out.add(c);
        }
        return out;
    }

    /** Removes empty arrays, empty objects and nulls, as the action's {@code cleanNullKeys} and the provider do. */
    private static void dropEmpty(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                dropEmpty(e.getValue());
                JsonNode v = e.getValue();
                if (v.isNull() || (v.isContainerNode() && v.isEmpty())) it.remove();
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(DeployClientsIT::dropEmpty);
        }
    }
}
