package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static io.dockyard.it.services.ServiceFixtures.awaitSteady;
import static io.dockyard.it.services.ServiceFixtures.register;
import static io.dockyard.it.services.ServiceFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Container instance attributes and registration, task protection and the service deployment
 * history, through the AWS CLI with real containers — and their bad inputs.
 */
class InstancesAndProtectionIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    @Test
    void attributesFilterInstancesAndApiRegisteredInstancesHaveNoAgent() {
        AwsCli aws = dockyard.cli();
        String cluster = "attrs-it";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("ecs", "list-container-instances", "--cluster", cluster).ok()
                .at("/containerInstanceArns").size() == 1);
        String local = aws.run("ecs", "list-container-instances", "--cluster", cluster).ok().at("/containerInstanceArns/0").asText();

        JsonNode put = aws.run("ecs", "put-attributes", "--cluster", cluster, "--attributes", "name=stack,value=prod,targetId=" + local).ok();
        assertThat(put.at("/attributes/0/targetId").asText()).isEqualTo(local);
        assertThat(aws.run("ecs", "list-attributes", "--cluster", cluster, "--target-type", "container-instance", "--attribute-name", "stack")
                .ok().at("/attributes/0/value").asText()).isEqualTo("prod");
        assertThat(aws.run("ecs", "list-container-instances", "--cluster", cluster, "--filter", "attribute:stack == prod")
                .ok().at("/containerInstanceArns").size()).isEqualTo(1);

        String registered = aws.run("ecs", "register-container-instance", "--cluster", cluster, "--total-resources",
                "name=CPU,type=INTEGER,integerValue=512", "name=MEMORY,type=INTEGER,integerValue=256").ok()
                .at("/containerInstance/containerInstanceArn").asText();
        JsonNode described = aws.run("ecs", "describe-container-instances", "--cluster", cluster, "--container-instances", registered)
                .ok().at("/containerInstances/0");
        assertThat(described.at("/agentConnected").asBoolean()).isFalse();
        assertThat(described.at("/registeredResources").toString()).contains("\"integerValue\":512");
        assertThat(aws.run("ecs", "list-container-instances", "--cluster", cluster, "--filter", "attribute:stack == prod")
                .ok().at("/containerInstanceArns").size()).isEqualTo(1);

        aws.run("ecs", "delete-attributes", "--cluster", cluster, "--attributes", "name=stack,targetId=" + local).ok();
        assertThat(aws.run("ecs", "list-attributes", "--cluster", cluster, "--target-type", "container-instance", "--attribute-name", "stack")
                .ok().at("/attributes").size()).isZero();

        // Bad input: the AWS errors, nothing changes.
        String before = aws.run("ecs", "list-attributes", "--cluster", cluster, "--target-type", "container-instance").ok().at("/attributes").toString();
        assertThat(aws.run("ecs", "put-attributes", "--cluster", cluster, "--attributes", "name=stack,value=x,targetId=0123456789abcdef").stderr())
                .contains("TargetNotFoundException");
        assertThat(aws.run("ecs", "update-container-instances-state", "--cluster", cluster, "--container-instances", local, "--status", "REGISTERING").stderr())
                .contains("InvalidParameterException");
        assertThat(aws.run("ecs", "list-container-instances", "--cluster", cluster, "--filter", "attribute:stack ==").stderr())
                .contains("InvalidParameterException");
        assertThat(aws.run("ecs", "list-attributes", "--cluster", cluster, "--target-type", "container-instance").ok().at("/attributes").toString())
                .isEqualTo(before).doesNotContain("\"stack\"");

        aws.run("ecs", "deregister-container-instance", "--cluster", cluster, "--container-instance", registered).ok();
        assertThat(aws.run("ecs", "list-container-instances", "--cluster", cluster).ok().at("/containerInstanceArns").size()).isEqualTo(1);
    }

    @Test
    void protectedTaskSurvivesScaleInAndDeploymentsAreRecorded() {
        AwsCli aws = dockyard.cli();
        String cluster = "protect-it";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String td = register(aws, "protectweb", "sleep 3600");
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", td, "--desired-count", "2").ok();
        awaitSteady(aws, cluster, "web", 2, td, Duration.ofSeconds(60));

        String keep = running(aws, cluster, "web").get(0).at("/taskArn").asText();
        JsonNode protectedTasks = aws.run("ecs", "update-task-protection", "--cluster", cluster, "--tasks", keep,
                "--protection-enabled", "--expires-in-minutes", "60").ok().at("/protectedTasks");
        assertThat(protectedTasks.get(0).at("/protectionEnabled").asBoolean()).isTrue();
        assertThat(aws.run("ecs", "get-task-protection", "--cluster", cluster, "--tasks", keep).ok()
                .at("/protectedTasks/0/protectionEnabled").asBoolean()).isTrue();

        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "web", "--desired-count", "0").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<JsonNode> tasks = running(aws, cluster, "web");
            return tasks.size() == 1 && tasks.get(0).at("/taskArn").asText().equals(keep);
        });
        aws.run("ecs", "update-task-protection", "--cluster", cluster, "--tasks", keep, "--no-protection-enabled").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> running(aws, cluster, "web").isEmpty());

        String current = ServiceFixtures.service(aws, cluster, "web").at("/currentServiceDeployment").asText();
        JsonNode sd = aws.run("ecs", "describe-service-deployments", "--service-deployment-arns", current, "arn:aws:ecs:us-east-1:000000000000:service-deployment/protect-it/web/0")
                .ok();
        assertThat(sd.at("/serviceDeployments/0/status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(sd.at("/serviceDeployments/0/targetServiceRevision/arn").asText()).contains("service-revision/protect-it/web/");
        assertThat(sd.at("/failures/0/reason").asText()).isEqualTo("MISSING");

        // Bad input.
        assertThat(aws.run("ecs", "update-task-protection", "--cluster", cluster, "--tasks", keep, "--protection-enabled",
                "--expires-in-minutes", "5000").stderr()).contains("InvalidParameterException");
        assertThat(aws.run("ecs", "update-task-protection", "--cluster", "nope", "--tasks", keep, "--protection-enabled").stderr())
                .contains("ClusterNotFoundException");
        assertThat(aws.run("ecs", "get-task-protection", "--cluster", cluster, "--tasks", keep).ok()
                .at("/protectedTasks/0/protectionEnabled").asBoolean()).isFalse();
    }
}
