package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.EcsWire;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.dockyard.it.services.ServiceFixtures.awaitSteady;
import static io.dockyard.it.services.ServiceFixtures.register;
import static io.dockyard.it.services.ServiceFixtures.running;
import static io.dockyard.it.services.ServiceFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Services with real containers, driven through the AWS CLI and the SDK as a user would. */
class ServicesIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    @Test
    void replicaServiceReplacesKilledTasksRollsOutAndRollsBackABrokenRevision() {
        AwsCli aws = dockyard.cli();
        String cluster = "svc-it-rolling";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String v1 = register(aws, "svcweb", "sleep 3600");
        String v2 = register(aws, "svcweb", "echo v2; sleep 3600");
        String v3 = register(aws, "svcweb", "exit 3");
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", "svcweb:1",
                "--desired-count", "3", "--deployment-configuration",
                "minimumHealthyPercent=100,maximumPercent=200,deploymentCircuitBreaker={enable=true,rollback=true}").ok();
        awaitSteady(aws, cluster, "web", 3, v1, Duration.ofSeconds(60));
        assertThat(ServiceFixtures.containers(cluster)).hasSize(3);

        // A killed task is replaced.
        String victim = running(aws, cluster, "web").get(0).at("/taskArn").asText();
        String container = Docker.docker("ps", "-q", "--filter", "label=com.amazonaws.ecs.task-arn=" + victim);
        long killedAt = System.nanoTime();
        assertThat(Docker.docker("kill", container)).isNotNull();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<JsonNode> tasks = running(aws, cluster, "web");
            return tasks.size() == 3 && tasks.stream().noneMatch(t -> t.at("/taskArn").asText().equals(victim));
        });
        System.out.printf("killed service task replaced (RUNNING) after %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
        JsonNode stopped = aws.run("ecs", "describe-tasks", "--cluster", cluster, "--tasks", victim).ok().at("/tasks/0");
        assertThat(stopped.at("/lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(stopped.at("/stopCode").asText()).isEqualTo("EssentialContainerExited");

        // Rolling update to v2.
        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "web", "--task-definition", "svcweb:2").ok();
        awaitSteady(aws, cluster, "web", 3, v2, Duration.ofSeconds(60));
        JsonNode svc = service(aws, cluster, "web");
        assertThat(svc.at("/deployments").size()).isEqualTo(1);
        assertThat(svc.at("/events").toString()).contains("has reached a steady state.");
        assertThat(ServiceFixtures.containers(cluster)).hasSize(3);

        // A broken v3 trips the circuit breaker and rolls back to v2.
        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "web", "--task-definition", "svcweb:3").ok();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode deps = new EcsWire(aws.endpoint()).call("ListServiceDeployments", Map.of("cluster", cluster, "service", "web")).at("/serviceDeployments");
            for (JsonNode d : deps) {
                if (d.at("/targetServiceRevisionArn").asText().endsWith("svcweb-3")) return d.at("/status").asText().startsWith("ROLLBACK");
            }
            return false;
        });
        awaitSteady(aws, cluster, "web", 3, v2, Duration.ofSeconds(60));
        assertThat(service(aws, cluster, "web").at("/taskDefinition").asText()).isEqualTo(v2);
        assertThat(service(aws, cluster, "web").at("/events").toString()).contains("circuit breaker");
        assertThat(v3).endsWith(":3");
    }

    @Test
    void aServiceIsTaggedThroughItsArn() {
        AwsCli aws = dockyard.cli();
        String cluster = "svc-it-tags";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        register(aws, "tagged", "sleep 600");
        String arn = aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "tagged", "--task-definition", "tagged",
                "--desired-count", "0", "--tags", "key=team,value=a").ok().at("/service/serviceArn").asText();
        assertThat(arn).endsWith(":service/" + cluster + "/tagged");

        aws.run("ecs", "tag-resource", "--resource-arn", arn, "--tags", "key=team,value=b", "key=env,value=ci").ok();
        JsonNode tags = aws.run("ecs", "list-tags-for-resource", "--resource-arn", arn).ok().at("/tags");
        assertThat(tags.toString()).contains("{\"key\":\"team\",\"value\":\"b\"}").contains("{\"key\":\"env\",\"value\":\"ci\"}");
        aws.run("ecs", "untag-resource", "--resource-arn", arn, "--tag-keys", "team").ok();
        JsonNode described = aws.run("ecs", "describe-services", "--cluster", cluster, "--services", "tagged", "--include", "TAGS").ok()
                .at("/services/0/tags");
        assertThat(described.size()).isEqualTo(1);
        assertThat(described.at("/0/key").asText()).isEqualTo("env");

        AwsCli.Result missing = aws.run("ecs", "tag-resource", "--resource-arn", arn.replace("/tagged", "/nope"), "--tags", "key=a,value=b");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("ResourceNotFoundException");
        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "tagged").ok();
    }

    @Test
    void scalingDeletingAndBadInputWithTheSdk() {
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            AwsCli aws = dockyard.cli();
            String cluster = "svc-it-scale";
            ecs.createCluster(b -> b.clusterName(cluster));
            String v1 = register(aws, "svcscale", "sleep 3600");
            ecs.createService(b -> b.cluster(cluster).serviceName("api").taskDefinition("svcscale").desiredCount(3));
            awaitSteady(aws, cluster, "api", 3, v1, Duration.ofSeconds(60));
            ecs.updateService(b -> b.cluster(cluster).service("api").desiredCount(5));
            await().atMost(Duration.ofSeconds(60)).until(() -> running(aws, cluster, "api").size() == 5);
            ecs.updateService(b -> b.cluster(cluster).service("api").desiredCount(1));
            await().atMost(Duration.ofSeconds(60)).until(() -> running(aws, cluster, "api").size() == 1
                    && ServiceFixtures.containers(cluster).size() == 1);
            var described = ecs.describeServices(b -> b.cluster(cluster).services("api", "ghost"));
            assertThat(described.services().get(0).desiredCount()).isEqualTo(1);
            assertThat(described.services().get(0).deployments().get(0).rolloutState()).isEqualTo(DeploymentRolloutState.COMPLETED);
            assertThat(described.failures().get(0).reason()).isEqualTo("MISSING");

            // Bad input: the AWS errors, and nothing changes.
            assertThatThrownBy(() -> ecs.createService(b -> b.cluster("nope").serviceName("x").taskDefinition("svcscale").desiredCount(1)))
                    .isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.createService(b -> b.cluster(cluster).serviceName("api").taskDefinition("svcscale").desiredCount(1)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("not idempotent");
            assertThatThrownBy(() -> ecs.createService(b -> b.cluster(cluster).serviceName("bad").taskDefinition("svcscale").desiredCount(1)
                    .deploymentConfiguration(c -> c.minimumHealthyPercent(150)))).isInstanceOf(InvalidParameterException.class);
            assertThatThrownBy(() -> ecs.updateService(b -> b.cluster(cluster).service("ghost").desiredCount(1)))
                    .isInstanceOf(ServiceNotFoundException.class);
            assertThatThrownBy(() -> ecs.deleteService(b -> b.cluster(cluster).service("api")))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("scaled above 0");
            assertThat(ecs.listServices(b -> b.cluster(cluster)).serviceArns()).hasSize(1);
            assertThat(aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "x", "--task-definition", "nope").stderr())
                    .contains("ClientException");

            // Delete with force: DRAINING, tasks stopped, then INACTIVE.
            assertThat(ecs.deleteService(b -> b.cluster(cluster).service("api").force(true)).service().status()).isEqualTo("DRAINING");
            await().atMost(Duration.ofSeconds(60)).until(() -> "INACTIVE".equals(service(aws, cluster, "api").at("/status").asText())
                    && ServiceFixtures.containers(cluster).isEmpty());
            assertThat(ecs.listServices(b -> b.cluster(cluster)).serviceArns()).isEmpty();
        }
    }
}
