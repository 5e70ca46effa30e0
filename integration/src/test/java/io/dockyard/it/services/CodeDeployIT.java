package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentLimitExceededException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentStatus;
import software.amazon.awssdk.services.codedeploy.model.InvalidEcsServiceException;
import software.amazon.awssdk.services.codedeploy.model.InvalidRevisionException;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static io.dockyard.it.services.TrafficFixtures.get;
import static io.dockyard.it.services.TrafficFixtures.httpd;
import static io.dockyard.it.services.TrafficFixtures.targetGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * CodeDeploy blue/green of an ECS service behind Dockyard's ALB, as its users drive it (AWS CLI
 * `deploy` commands and the SDK v2 client with its deploymentSuccessful waiter): the replacement task
 * set comes up on the other target group, the test listener serves it while the deployment waits
 * Ready, ContinueDeployment shifts production traffic (canary 10 %, then the rest), the original task
 * set goes after the termination wait — a request loop through production loses nothing. Then a
 * deployment stopped with rollback, and the errors CodeDeploy gives. One "minute" lasts 3 s here.
 */
class CodeDeployIT {
    private static final String CLUSTER = "codedeploy-it";
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard().withTestImage().env("DOCKYARD_DEPLOYMENT_MINUTE_SECONDS", "3");

    private static CodeDeployClient client() {
        return CodeDeployClient.builder().endpointOverride(URI.create(dockyard.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(Sdk.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String appSpec(String taskDefinitionArn) {
        return "version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n"
                + "        TaskDefinition: \"" + taskDefinitionArn + "\"\n        LoadBalancerInfo:\n          ContainerName: \"web\"\n          ContainerPort: 80\n";
    }

    private static String listener(AwsCli aws, String lb, int port, String tg) {
        return aws.run("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", Integer.toString(port),
                "--default-actions", "Type=forward,TargetGroupArn=" + tg).ok().at("/Listeners/0/ListenerArn").asText();
    }

    private static String status(AwsCli aws, String id) {
        return aws.run("deploy", "get-deployment", "--deployment-id", id).ok().at("/deploymentInfo/status").asText();
    }

    @Test
    void aBlueGreenDeploymentShiftsProductionTrafficWithoutLosingARequest() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        aws.run("ecs", "create-cluster", "--cluster-name", CLUSTER).ok();
        String lb = aws.run("elbv2", "create-load-balancer", "--name", CLUSTER, "--subnets", "subnet-1", "subnet-2").ok()
                .at("/LoadBalancers/0/LoadBalancerArn").asText();
        String blue = targetGroup(aws, "cd-blue");
        targetGroup(aws, "cd-green");
        int prodPort = DockyardProcess.freePort();
        int testPort = DockyardProcess.freePort();
        String prod = listener(aws, lb, prodPort, blue);
        String test = listener(aws, lb, testPort, blue);
        String v1 = httpd(aws, "cdweb", "v1");
        String v2 = httpd(aws, "cdweb", "v2");
        String v3 = httpd(aws, "cdweb", "v3");
        aws.run("ecs", "create-service", "--cluster", CLUSTER, "--service-name", "web", "--desired-count", "2", "--task-definition", v1,
                "--deployment-controller", "type=CODE_DEPLOY", "--load-balancers", "targetGroupArn=" + blue + ",containerName=web,containerPort=80").ok();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> get(prodPort).equals("v1"));

        aws.run("deploy", "create-application", "--application-name", "shop", "--compute-platform", "ECS").ok();
        String group = "{\"applicationName\":\"shop\",\"deploymentGroupName\":\"web\",\"serviceRoleArn\":\"arn:aws:iam::000000000000:role/codedeploy\","
                + "\"deploymentConfigName\":\"CodeDeployDefault.ECSCanary10Percent5Minutes\","
                + "\"ecsServices\":[{\"clusterName\":\"" + CLUSTER + "\",\"serviceName\":\"web\"}],"
                + "\"deploymentStyle\":{\"deploymentType\":\"BLUE_GREEN\",\"deploymentOption\":\"WITH_TRAFFIC_CONTROL\"},"
                + "\"blueGreenDeploymentConfiguration\":{\"terminateBlueInstancesOnDeploymentSuccess\":{\"action\":\"TERMINATE\",\"terminationWaitTimeInMinutes\":1},"
                + "\"deploymentReadyOption\":{\"actionOnTimeout\":\"STOP_DEPLOYMENT\",\"waitTimeInMinutes\":30}},"
                + "\"autoRollbackConfiguration\":{\"enabled\":true,\"events\":[\"DEPLOYMENT_FAILURE\",\"DEPLOYMENT_STOP_ON_REQUEST\"]},"
                + "\"loadBalancerInfo\":{\"targetGroupPairInfoList\":[{\"targetGroups\":[{\"name\":\"cd-blue\"},{\"name\":\"cd-green\"}],"
                + "\"prodTrafficRoute\":{\"listenerArns\":[\"" + prod + "\"]},\"testTrafficRoute\":{\"listenerArns\":[\"" + test + "\"]}}]}}";
        aws.run("deploy", "create-deployment-group", "--cli-input-json", group).ok();
        JsonNode info = aws.run("deploy", "get-deployment-group", "--application-name", "shop", "--deployment-group-name", "web").ok().at("/deploymentGroupInfo");
        assertThat(info.at("/computePlatform").asText()).isEqualTo("ECS");
        assertThat(info.at("/ecsServices/0/serviceName").asText()).isEqualTo("web");

        RequestLoop requests = new RequestLoop(prodPort);
        List<String> answers = requests.answers();
        String id;
        try (CodeDeployClient cd = client()) {
            id = cd.createDeployment(r -> r.applicationName("shop").deploymentGroupName("web").description("v2")
                    .revision(rev -> rev.revisionType("AppSpecContent").appSpecContent(c -> c.content(appSpec(v2))))).deploymentId();
            assertThat(id).matches("d-[A-Z0-9]{9}");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> status(aws, id).equals("Ready"));
            assertThat(get(testPort)).as("the test listener serves green").isEqualTo("v2");
            assertThat(get(prodPort)).as("production still on blue").isEqualTo("v1");
            JsonNode sets = aws.run("ecs", "describe-services", "--cluster", CLUSTER, "--services", "web").ok().at("/services/0/taskSets");
            assertThat(sets).hasSize(2);
            assertThatThrownBy(() -> cd.createDeployment(r -> r.applicationName("shop").deploymentGroupName("web")
                    .revision(rev -> rev.revisionType("AppSpecContent").appSpecContent(c -> c.content(appSpec(v3))))))
                    .isInstanceOf(DeploymentLimitExceededException.class);

            aws.run("deploy", "continue-deployment", "--deployment-id", id, "--deployment-wait-type", "READY_WAIT").ok();
            DeploymentInfo done = cd.waiter().waitUntilDeploymentSuccessful(
                    software.amazon.awssdk.services.codedeploy.model.GetDeploymentRequest.builder().deploymentId(id).build(),
                    WaiterOverrideConfiguration.builder().backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(500))).maxAttempts(240).build())
                    .matched().response().orElseThrow().deploymentInfo();
            assertThat(done.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
            assertThat(done.completeTime()).isNotNull();
        } finally {
            requests.close();
        }
        System.out.printf("codedeploy blue/green: %d requests through production%n", answers.size());
        assertThat(answers).as("every request answered by v1 or v2").allMatch(x -> x.equals("v1") || x.equals("v2")).contains("v1", "v2");
        assertThat(answers.subList(answers.size() - 10, answers.size())).containsOnly("v2");
        JsonNode svc = aws.run("ecs", "describe-services", "--cluster", CLUSTER, "--services", "web").ok().at("/services/0");
        assertThat(svc.at("/taskDefinition").asText()).isEqualTo(v2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(aws.run("ecs", "describe-services", "--cluster", CLUSTER, "--services", "web")
                .ok().at("/services/0/taskSets")).singleElement().satisfies(ts -> {
                    assertThat(ts.at("/status").asText()).isEqualTo("PRIMARY");
                    assertThat(ts.at("/taskDefinition").asText()).isEqualTo(v2);
                    assertThat(ts.at("/externalId").asText()).isEqualTo(id);
                }));
        assertThat(ServiceFixtures.running(aws, CLUSTER, "web")).hasSize(2).allSatisfy(t -> assertThat(t.at("/taskDefinitionArn").asText()).isEqualTo(v2));

        // a second deployment, stopped with rollback while Ready: production stays on v2, the v3 task set goes
        try (CodeDeployClient cd = client()) {
            String second = cd.createDeployment(r -> r.applicationName("shop").deploymentGroupName("web")
                    .revision(rev -> rev.revisionType("AppSpecContent").appSpecContent(c -> c.content(appSpec(v3))))).deploymentId();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> status(aws, second).equals("Ready"));
            assertThat(get(testPort)).isEqualTo("v3");
            cd.stopDeployment(r -> r.deploymentId(second).autoRollbackEnabled(true));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> status(aws, second).equals("Stopped"));
            assertThat(get(prodPort)).isEqualTo("v2");
            assertThat(get(testPort)).as("the test listener back on the original").isEqualTo("v2");
            await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("ecs", "describe-services", "--cluster", CLUSTER, "--services", "web").ok()
                    .at("/services/0/taskSets").size() == 1);
            assertThat(cd.listDeployments(r -> r.applicationName("shop").deploymentGroupName("web")).deployments()).containsExactly(second, id);
        }
    }

    @Test
    void errorsAreCodeDeploys() {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        aws.run("ecs", "create-cluster", "--cluster-name", "codedeploy-errors").ok();
        String td = ServiceFixtures.register(aws, "cderr", "sleep 600");
        aws.run("ecs", "create-service", "--cluster", "codedeploy-errors", "--service-name", "rolling", "--task-definition", td, "--desired-count", "0").ok();
        try (CodeDeployClient cd = client()) {
            cd.createApplication(r -> r.applicationName("errs").computePlatform("ECS"));
            assertThatThrownBy(() -> cd.createDeploymentGroup(r -> r.applicationName("errs").deploymentGroupName("g")
                    .serviceRoleArn("arn:aws:iam::000000000000:role/cd").ecsServices(s -> s.clusterName("codedeploy-errors").serviceName("rolling"))))
                    .isInstanceOf(InvalidEcsServiceException.class).hasMessageContaining("CODE_DEPLOY");
            assertThatThrownBy(() -> cd.getDeployment(r -> r.deploymentId("d-AAAAAAAAA"))).isInstanceOf(DeploymentDoesNotExistException.class);
            AwsCli.Result missing = aws.run("deploy", "get-application", "--application-name", "nope");
            assertThat(missing.stderr()).contains("ApplicationDoesNotExistException");
            AwsCli.Result bad = aws.run("deploy", "create-deployment", "--application-name", "errs", "--deployment-group-name", "g",
                    "--revision", "revisionType=AppSpecContent,appSpecContent={content=notyaml: [}");
            assertThat(bad.stderr()).contains("InvalidRevisionException");
            assertThatThrownBy(() -> cd.createDeployment(r -> r.applicationName("errs").deploymentGroupName("g")
                    .revision(rev -> rev.revisionType("AppSpecContent").appSpecContent(c -> c.content("version: 0.0")))))
                    .isInstanceOf(InvalidRevisionException.class);
        }
    }
}
