package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.TaskSetNotFoundException;

import java.time.Duration;
import java.util.List;

import static io.dockyard.it.services.TrafficFixtures.get;
import static io.dockyard.it.services.TrafficFixtures.httpd;
import static io.dockyard.it.services.TrafficFixtures.listenerRule;
import static io.dockyard.it.services.TrafficFixtures.targetGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Task sets and the EXTERNAL deployment controller as a user drives an external blue/green with the
 * AWS CLI: two task sets of one service behind Dockyard's ALB, traffic moved between their target
 * groups by the listener rule's weights, the primary switched, the old set scaled to 0 and deleted —
 * with a request loop through the load balancer that loses nothing. Also the CODE_DEPLOY
 * controller's first task set, tags on task set ARNs, and the errors ECS gives (SDK v2).
 */
class TaskSetsIT {
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard().withTestImage();

    private static JsonNode taskSet(AwsCli aws, String cluster, String id) {
        return aws.run("ecs", "describe-task-sets", "--cluster", cluster, "--service", "web", "--task-sets", id).ok().at("/taskSets/0");
    }

    private static void awaitSteady(AwsCli aws, String cluster, String id, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode ts = taskSet(aws, cluster, id);
            assertThat(ts.at("/computedDesiredCount").asInt()).isEqualTo(count);
            assertThat(ts.at("/runningCount").asInt()).isEqualTo(count);
            assertThat(ts.at("/stabilityStatus").asText()).isEqualTo("STEADY_STATE");
        });
    }

    private static String createTaskSet(AwsCli aws, String cluster, String td, String tg, double scale) {
        JsonNode ts = aws.run("ecs", "create-task-set", "--cluster", cluster, "--service", "web", "--task-definition", td,
                "--load-balancers", "targetGroupArn=" + tg + ",containerName=web,containerPort=80",
                "--scale", "value=" + scale + ",unit=PERCENT", "--external-id", "deploy-" + (int) scale).ok().at("/taskSet");
        assertThat(ts.at("/status").asText()).isEqualTo("ACTIVE");
        assertThat(ts.at("/taskSetArn").asText()).startsWith("arn:aws:ecs:us-east-1:000000000000:task-set/" + cluster + "/web/ecs-svc/");
        assertThat(ts.at("/scale/value").asDouble()).isEqualTo(scale);
        return ts.at("/id").asText();
    }

    private static void weigh(AwsCli aws, String rule, String a, int wa, String b, int wb) {
        String actions = "[{\"Type\":\"forward\",\"ForwardConfig\":{\"TargetGroups\":[{\"TargetGroupArn\":\"" + a + "\",\"Weight\":" + wa + "},"
                + "{\"TargetGroupArn\":\"" + b + "\",\"Weight\":" + wb + "}]}}]";
        aws.run("elbv2", "modify-rule", "--rule-arn", rule, "--actions", actions).ok();
    }

    @Test
    void anExternalBlueGreenMovesTrafficBetweenTaskSetsWithoutLosingARequest() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String cluster = "ts-it";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String lb = aws.run("elbv2", "create-load-balancer", "--name", cluster, "--subnets", "subnet-1", "subnet-2").ok()
                .at("/LoadBalancers/0/LoadBalancerArn").asText();
        String blue = targetGroup(aws, "ts-blue");
        String green = targetGroup(aws, "ts-green");
        int port = DockyardProcess.freePort();
        String rule = listenerRule(aws, lb, port, blue, green);
        String v1 = httpd(aws, "tsweb", "v1");
        String v2 = httpd(aws, "tsweb", "v2");

        JsonNode svc = aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--desired-count", "2",
                "--deployment-controller", "type=EXTERNAL").ok().at("/service");
        assertThat(svc.at("/deploymentController/type").asText()).isEqualTo("EXTERNAL");
        assertThat(svc.at("/taskSets").size()).isZero();

        String a = createTaskSet(aws, cluster, v1, blue, 100);
        awaitSteady(aws, cluster, a, 2);
        JsonNode primary = aws.run("ecs", "update-service-primary-task-set", "--cluster", cluster, "--service", "web", "--primary-task-set", a).ok();
        assertThat(primary.at("/taskSet/status").asText()).isEqualTo("PRIMARY");
        svc = aws.run("ecs", "describe-services", "--cluster", cluster, "--services", "web").ok().at("/services/0");
        assertThat(svc.at("/taskDefinition").asText()).isEqualTo(v1);
        assertThat(svc.at("/runningCount").asInt()).isEqualTo(2);
        assertThat(svc.at("/taskSets/0/id").asText()).isEqualTo(a);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> get(port).equals("v1"));

        RequestLoop requests = new RequestLoop(port);
        List<String> answers = requests.answers();
        try {
            String b = createTaskSet(aws, cluster, v2, green, 50);
            awaitSteady(aws, cluster, b, 1);
            weigh(aws, rule, blue, 50, green, 50);
            await().atMost(Duration.ofSeconds(20)).until(() -> requests.snapshot().contains("v2"));
            aws.run("ecs", "update-task-set", "--cluster", cluster, "--service", "web", "--task-set", b, "--scale", "value=100,unit=PERCENT").ok();
            awaitSteady(aws, cluster, b, 2);
            weigh(aws, rule, blue, 0, green, 100);
            int mark = answers.size();
            Thread.sleep(1500);
            List<String> since = requests.snapshot();
            assertThat(since.subList(mark + 5, since.size())).as("all traffic on the green task set").containsOnly("v2");

            aws.run("ecs", "update-service-primary-task-set", "--cluster", cluster, "--service", "web", "--primary-task-set", b).ok();
            assertThat(taskSet(aws, cluster, a).at("/status").asText()).isEqualTo("ACTIVE");
            assertThat(aws.run("ecs", "describe-services", "--cluster", cluster, "--services", "web").ok().at("/services/0/taskDefinition").asText())
                    .isEqualTo(v2);
            AwsCli.Result refused = aws.run("ecs", "delete-task-set", "--cluster", cluster, "--service", "web", "--task-set", a);
            assertThat(refused.stderr()).as("a task set scaled above 0 is not deleted without force").contains("InvalidParameterException");
            aws.run("ecs", "update-task-set", "--cluster", cluster, "--service", "web", "--task-set", a, "--scale", "value=0,unit=PERCENT").ok();
            JsonNode deleted = aws.run("ecs", "delete-task-set", "--cluster", cluster, "--service", "web", "--task-set", a).ok().at("/taskSet");
            assertThat(deleted.at("/status").asText()).isEqualTo("DRAINING");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    aws.run("ecs", "describe-task-sets", "--cluster", cluster, "--service", "web").ok().at("/taskSets").size() == 1);
            assertThat(ServiceFixtures.running(aws, cluster, "web")).hasSize(2)
                    .allSatisfy(t -> assertThat(t.at("/taskDefinitionArn").asText()).isEqualTo(v2))
                    .allSatisfy(t -> assertThat(t.at("/startedBy").asText()).isEqualTo(b));
        } finally {
            requests.close();
        }
        System.out.printf("external blue/green: %d requests through the load balancer%n", answers.size());
        assertThat(answers).as("requests through the load balancer").hasSizeGreaterThan(100);
        assertThat(answers).as("every request answered by v1 or v2").allMatch(x -> x.equals("v1") || x.equals("v2"));

        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "web", "--force").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> ServiceFixtures.containers(cluster).isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                aws.run("ecs", "describe-services", "--cluster", cluster, "--services", "web").ok().at("/services/0/status").asText().equals("INACTIVE"));
    }

    @Test
    void taskSetErrorsAndTagsAreAsOnEcs() {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String cluster = "ts-errors-it";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String td = ServiceFixtures.register(aws, "tserr", "sleep 600");
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            ecs.createService(r -> r.cluster(cluster).serviceName("web").desiredCount(0).deploymentController(c -> c.type(DeploymentControllerType.EXTERNAL)));
            var rolling = ecs.createService(r -> r.cluster(cluster).serviceName("rolling").taskDefinition(td).desiredCount(0).role("deployer")).service();
            assertThat(rolling.roleArn()).as("role given at CreateService, echoed as AWS does").isEqualTo("arn:aws:iam::000000000000:role/deployer");
            ecs.createService(r -> r.cluster(cluster).serviceName("other").desiredCount(0).deploymentController(c -> c.type(DeploymentControllerType.EXTERNAL)));

            assertThatThrownBy(() -> ecs.createTaskSet(r -> r.cluster(cluster).service("rolling").taskDefinition(td)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("external deployment controllers");
            assertThatThrownBy(() -> ecs.createTaskSet(r -> r.cluster(cluster).service("web").taskDefinition(td).scale(s -> s.value(101.0).unit("PERCENT"))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("between 0 and 100");
            assertThatThrownBy(() -> ecs.updateService(r -> r.cluster(cluster).service("web").taskDefinition(td)))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("EXTERNAL");

            var ts = ecs.createTaskSet(r -> r.cluster(cluster).service("web").taskDefinition(td).tags(t -> t.key("team").value("a"))).taskSet();
            assertThat(ts.scale().value()).isZero();
            assertThat(ts.computedDesiredCount()).isZero();
            var other = ecs.createTaskSet(r -> r.cluster(cluster).service("other").taskDefinition(td)).taskSet();
            assertThatThrownBy(() -> ecs.updateServicePrimaryTaskSet(r -> r.cluster(cluster).service("web").primaryTaskSet(other.taskSetArn())))
                    .isInstanceOf(TaskSetNotFoundException.class);
            assertThatThrownBy(() -> ecs.deleteTaskSet(r -> r.cluster(cluster).service("web").taskSet("ecs-svc/123")))
                    .isInstanceOf(TaskSetNotFoundException.class);
            assertThatThrownBy(() -> ecs.updateTaskSet(r -> r.cluster(cluster).service("web").taskSet(ts.id()).scale(s -> s.value(-1.0))))
                    .isInstanceOf(InvalidParameterException.class);

            var described = ecs.describeTaskSets(r -> r.cluster(cluster).service("web").taskSets(ts.taskSetArn(), "ecs-svc/404").includeWithStrings("TAGS"));
            assertThat(described.taskSets()).singleElement().satisfies(x -> assertThat(x.tags()).extracting(t -> t.key() + "=" + t.value()).containsExactly("team=a"));
            assertThat(described.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
            ecs.tagResource(r -> r.resourceArn(ts.taskSetArn()).tags(t -> t.key("stage").value("blue")));
            assertThat(ecs.listTagsForResource(r -> r.resourceArn(ts.taskSetArn())).tags()).extracting(t -> t.key()).containsExactlyInAnyOrder("team", "stage");
            assertThat(ecs.deleteTaskSet(r -> r.cluster(cluster).service("web").taskSet(ts.taskSetArn())).taskSet().status()).isEqualTo("DRAINING");
        }
    }

    @Test
    void aCodeDeployServiceStartsWithOnePrimaryTaskSet() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String cluster = "ts-codedeploy-it";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String lb = aws.run("elbv2", "create-load-balancer", "--name", cluster, "--subnets", "subnet-1", "subnet-2").ok()
                .at("/LoadBalancers/0/LoadBalancerArn").asText();
        String tg = targetGroup(aws, "ts-cd-blue");
        int port = DockyardProcess.freePort();
        listenerRule(aws, lb, port, tg, targetGroup(aws, "ts-cd-green"));
        String td = httpd(aws, "tscd", "cd1");
        JsonNode svc = aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--desired-count", "1", "--task-definition", td,
                "--deployment-controller", "type=CODE_DEPLOY", "--load-balancers", "targetGroupArn=" + tg + ",containerName=web,containerPort=80").ok().at("/service");
        assertThat(svc.at("/taskSets")).hasSize(1);
        assertThat(svc.at("/taskSets/0/status").asText()).isEqualTo("PRIMARY");
        assertThat(svc.at("/taskSets/0/scale/value").asDouble()).isEqualTo(100.0);
        String id = svc.at("/taskSets/0/id").asText();
        awaitSteady(aws, cluster, id, 1);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> get(port).equals("cd1"));
        AwsCli.Result refused = aws.run("ecs", "create-task-set", "--cluster", cluster, "--service", "web", "--task-definition", td);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("InvalidParameterException");
        AwsCli.Result update = aws.run("ecs", "update-service", "--cluster", cluster, "--service", "web", "--task-definition", td);
        assertThat(update.stderr()).contains("InvalidParameterException").contains("CODE_DEPLOY");
        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "web", "--force").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> ServiceFixtures.containers(cluster).isEmpty());
    }
}
