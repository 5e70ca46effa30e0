package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.EcsWire;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentStrategy;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.dockyard.it.services.ServiceFixtures.awaitSteady;
import static io.dockyard.it.services.TrafficFixtures.get;
import static io.dockyard.it.services.TrafficFixtures.httpd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * ECS LINEAR and CANARY deployments behind Dockyard's ALB, as a user drives them with the AWS CLI
 * and the SDK v2: green comes up on the alternate target group, then production traffic moves in
 * steps (the rule's weights), each held for its bake time; a request loop through the load balancer
 * loses nothing and sees both revisions answer during a step; StopServiceDeployment mid-step sends
 * all traffic back to blue. One "minute" of bake time lasts 3 s here (DOCKYARD_DEPLOYMENT_MINUTE_SECONDS).
 */
class TrafficShiftIT {
    private static final List<String> CLUSTERS = List.of("linear-it", "canary-it", "stop-it", "shift-rules-it");
    private static DockyardProcess dockyard;

    @BeforeAll
    static void start() {
        Docker.ensureTestImage();
        dockyard = new DockyardProcess().env("DOCKYARD_DEPLOYMENT_MINUTE_SECONDS", "3").start();
    }

    @AfterAll
    static void stop() {
        try {
            dockyard.reset();
        } finally {
            dockyard.close();
        }
        ServiceFixtures.removeContainers(CLUSTERS);
    }

    /** No failed request; the rule went through exactly these green shares; during each split both revisions answered in about that share. */
    private static void checkShifted(TrafficWatch watch, String blueBody, String greenBody, Double... shares) {
        List<TrafficWatch.Served> served = watch.served(blueBody, greenBody);
        System.out.printf("%s -> %s: %d requests, splits %s%n", blueBody, greenBody, watch.answers().size(), served);
        assertThat(watch.failures(blueBody, greenBody)).as("failed requests").isEmpty();
        assertThat(watch.splits()).extracting(TrafficWatch.Split::green).containsExactly(shares);
        for (TrafficWatch.Served s : served) {
            if (s.green() == 0) continue;
            assertThat(s.blue() + s.greenCount()).as("requests during the %s split", s.green()).isGreaterThanOrEqualTo(30);
            assertThat(s.blue()).as("blue answered during the %s split", s.green()).isPositive();
            assertThat(s.greenCount()).as("green answered during the %s split", s.green()).isPositive();
            assertThat(s.greenShare()).as("green's share of the answers during the %s split", s.green()).isBetween(s.green() - 0.2, s.green() + 0.2);
        }
    }

    @Test
    void linearShiftsProductionTrafficInStepsWithoutLosingARequest() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        TrafficFixtures.Setup s = TrafficFixtures.setup(aws, "linear-it", "linweb");
        String cfg = "{\"strategy\":\"LINEAR\",\"linearConfiguration\":{\"stepPercent\":40.0,\"stepBakeTimeInMinutes\":1},\"bakeTimeInMinutes\":0}";
        aws.run("ecs", "create-service", "--cluster", s.cluster(), "--service-name", "web", "--task-definition", "linweb:1", "--desired-count", "1",
                "--deployment-configuration", cfg, "--load-balancers", s.loadBalancers()).ok();
        JsonNode described = aws.run("ecs", "describe-services", "--cluster", s.cluster(), "--services", "web").ok().at("/services/0/deploymentConfiguration");
        assertThat(described.at("/strategy").asText()).isEqualTo("LINEAR");
        assertThat(described.at("/linearConfiguration").toString()).as("echoed as registered").isEqualTo("{\"stepPercent\":40.0,\"stepBakeTimeInMinutes\":1}");
        awaitSteady(aws, s.cluster(), "web", 1, s.v1(), Duration.ofSeconds(60));
        TrafficFixtures.awaitServing(s.prodPort(), "v1");

        try (TrafficWatch watch = new TrafficWatch(dockyard.endpoint(), s.prodPort(), s.prodRule(), s.green(), Duration.ofSeconds(90))) {
            aws.run("ecs", "update-service", "--cluster", s.cluster(), "--service", "web", "--task-definition", "linweb:2").ok();
            awaitSteady(aws, s.cluster(), "web", 1, s.v2(), Duration.ofSeconds(60));
            Thread.sleep(300);
            watch.close();
            checkShifted(watch, "v1", "v2", 0.0, 0.4, 0.8, 1.0);
        }
        assertThat(get(s.prodPort())).isEqualTo("v2");
        String events = ServiceFixtures.service(aws, s.cluster(), "web").at("/events").toString();
        assertThat(events).contains("production traffic shifted: 40.0% to the green service revision, 60.0% to the blue service revision.")
                .contains("production traffic shifted: 80.0% to the green service revision").contains("test traffic shifted");
        assertThat(aws.run("ecs", "list-service-deployments", "--cluster", s.cluster(), "--service", "web").ok().at("/serviceDeployments/0/status").asText())
                .isEqualTo("SUCCESSFUL");
        TrafficFixtures.deleteService(aws, s.cluster());
    }

    @Test
    void canaryShiftsTheCanaryPercentThenTheRest() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        TrafficFixtures.Setup s = TrafficFixtures.setup(aws, "canary-it", "canweb");
        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            LoadBalancer lb = LoadBalancer.builder().targetGroupArn(s.blue()).containerName("web").containerPort(80)
                    .advancedConfiguration(a -> a.alternateTargetGroupArn(s.green()).productionListenerRule(s.prodRule()).testListenerRule(s.testRule())
                            .roleArn("arn:aws:iam::000000000000:role/ecsInfrastructureRole")).build();
            ecs.createService(b -> b.cluster(s.cluster()).serviceName("web").taskDefinition("canweb:1").desiredCount(1).loadBalancers(lb)
                    .deploymentConfiguration(d -> d.strategy(DeploymentStrategy.CANARY).bakeTimeInMinutes(0)
                            .canaryConfiguration(c -> c.canaryPercent(25.0).canaryBakeTimeInMinutes(1))));
            DeploymentConfiguration cfg = ecs.describeServices(b -> b.cluster(s.cluster()).services("web")).services().get(0).deploymentConfiguration();
            assertThat(cfg.strategy()).isEqualTo(DeploymentStrategy.CANARY);
            assertThat(cfg.canaryConfiguration().canaryPercent()).isEqualTo(25.0);
            assertThat(cfg.canaryConfiguration().canaryBakeTimeInMinutes()).isEqualTo(1);
            assertThat(cfg.linearConfiguration()).isNull();
            awaitSteady(aws, s.cluster(), "web", 1, s.v1(), Duration.ofSeconds(60));
            TrafficFixtures.awaitServing(s.prodPort(), "v1");

            try (TrafficWatch watch = new TrafficWatch(dockyard.endpoint(), s.prodPort(), s.prodRule(), s.green(), Duration.ofSeconds(90))) {
                ecs.updateService(b -> b.cluster(s.cluster()).service("web").taskDefinition("canweb:2"));
                awaitSteady(aws, s.cluster(), "web", 1, s.v2(), Duration.ofSeconds(60));
                Thread.sleep(300);
                watch.close();
                checkShifted(watch, "v1", "v2", 0.0, 0.25, 1.0);
            }
        }
        assertThat(get(s.prodPort())).isEqualTo("v2");
        TrafficFixtures.deleteService(aws, s.cluster());
    }

    @Test
    void stopServiceDeploymentMidStepSendsAllTrafficBackToBlue() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        EcsWire wire = new EcsWire(dockyard.endpoint());
        TrafficFixtures.Setup s = TrafficFixtures.setup(aws, "stop-it", "stopweb");
        // 30 % steps held 10 "minutes" (30 s): the deployment is stopped during the first
        aws.run("ecs", "create-service", "--cluster", s.cluster(), "--service-name", "web", "--task-definition", "stopweb:1", "--desired-count", "1",
                "--deployment-configuration", "{\"strategy\":\"LINEAR\",\"linearConfiguration\":{\"stepPercent\":30.0,\"stepBakeTimeInMinutes\":10}}",
                "--load-balancers", s.loadBalancers()).ok();
        awaitSteady(aws, s.cluster(), "web", 1, s.v1(), Duration.ofSeconds(60));
        TrafficFixtures.awaitServing(s.prodPort(), "v1");

        try (TrafficWatch watch = new TrafficWatch(dockyard.endpoint(), s.prodPort(), s.prodRule(), s.green(), Duration.ofSeconds(90))) {
            aws.run("ecs", "update-service", "--cluster", s.cluster(), "--service", "web", "--task-definition", "stopweb:2").ok();
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> watch.green() == 0.3);
            String sdArn = aws.run("ecs", "list-service-deployments", "--cluster", s.cluster(), "--service", "web", "--status", "IN_PROGRESS").ok()
                    .at("/serviceDeployments/0/serviceDeploymentArn").asText();
            JsonNode sd = wire.call("DescribeServiceDeployments", Map.of("serviceDeploymentArns", List.of(sdArn))).at("/serviceDeployments/0");
            assertThat(sd.at("/lifecycleStage").asText()).isEqualTo("PRODUCTION_TRAFFIC_SHIFT");
            assertThat(sd.at("/targetServiceRevision/requestedProductionTrafficWeight").asDouble()).isEqualTo(30.0);
            assertThat(sd.at("/targetServiceRevision/requestedTestTrafficWeight").asDouble()).isEqualTo(100.0);
            assertThat(sd.at("/sourceServiceRevisions/0/requestedProductionTrafficWeight").asDouble()).isEqualTo(70.0);
            assertThat(sd.at("/deploymentConfiguration/linearConfiguration").toString()).isEqualTo("{\"stepPercent\":30.0,\"stepBakeTimeInMinutes\":10}");
            int before = watch.answers().size();
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.answers().subList(before, watch.answers().size()).stream()
                    .map(TrafficWatch.Answer::body).distinct().count() >= 2);

            long stopAt = System.nanoTime();
            aws.run("ecs", "stop-service-deployment", "--service-deployment-arn", sdArn, "--stop-type", "ROLLBACK").ok();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> watch.green() == 0.0);
            long backAt = watch.splits().getLast().nanos();
            System.out.printf("production all on blue %d ms after the CLI call to StopServiceDeployment began%n", (backAt - stopAt) / 1_000_000);
            await().atMost(Duration.ofSeconds(10)).until(() -> watch.answers().stream().filter(a -> a.nanos() > backAt + 150_000_000L).count() >= 100);
            assertThat(watch.answers().stream().filter(a -> a.nanos() > backAt + 150_000_000L).map(TrafficWatch.Answer::body).distinct())
                    .as("every answer after the rollback comes from blue").containsExactly("v1");
            await().atMost(Duration.ofSeconds(10)).until(() -> "ROLLBACK_SUCCESSFUL".equals(wire.call("DescribeServiceDeployments",
                    Map.of("serviceDeploymentArns", List.of(sdArn))).at("/serviceDeployments/0/status").asText()));
            await().atMost(Duration.ofSeconds(30)).until(() -> ServiceFixtures.running(aws, s.cluster(), "web").stream()
                    .allMatch(t -> t.at("/taskDefinitionArn").asText().equals(s.v1())) && ServiceFixtures.running(aws, s.cluster(), "web").size() == 1);
            watch.close();
            assertThat(watch.failures("v1", "v2")).as("failed requests").isEmpty();
            assertThat(watch.splits()).extracting(TrafficWatch.Split::green).containsExactly(0.0, 0.3, 0.0);
        }
        JsonNode rule = aws.run("elbv2", "describe-rules", "--rule-arns", s.prodRule()).ok().at("/Rules/0/Actions/0/ForwardConfig/TargetGroups");
        rule.forEach(t -> assertThat(t.at("/Weight").asInt()).isEqualTo(t.at("/TargetGroupArn").asText().equals(s.blue()) ? 100 : 0));
        assertThat(ServiceFixtures.service(aws, s.cluster(), "web").at("/taskDefinition").asText()).isEqualTo(s.v1());
        TrafficFixtures.deleteService(aws, s.cluster());
    }

    @Test
    void badLinearAndCanaryConfigurationsAreRefusedAsECSDoes() {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String cluster = "shift-rules-it";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        httpd(aws, "ruleweb", "v1");
        Map<String, String> refused = Map.of(
                "{\"strategy\":\"LINEAR\",\"linearConfiguration\":{\"stepPercent\":2.5}}", "stepPercent must be between 3.0 and 100.0.",
                "{\"strategy\":\"LINEAR\",\"linearConfiguration\":{\"stepPercent\":10.05}}", "stepPercent must be a multiple of 0.1.",
                "{\"strategy\":\"ROLLING\",\"canaryConfiguration\":{\"canaryPercent\":5.0}}", "canaryConfiguration can only be specified when the deployment strategy is CANARY.",
                "{\"strategy\":\"CANARY\",\"canaryConfiguration\":{\"canaryPercent\":5.0,\"canaryBakeTimeInMinutes\":1441}}", "canaryBakeTimeInMinutes must be between 0 and 1440.");
        refused.forEach((cfg, message) -> {
            AwsCli.Result r = aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", "ruleweb:1",
                    "--desired-count", "0", "--deployment-configuration", cfg);
            assertThat(r.exitCode()).as(cfg).isNotZero();
            assertThat(r.stderr()).as(cfg).contains("InvalidParameterException").contains(message);
        });
        assertThat(aws.run("ecs", "list-services", "--cluster", cluster).ok().at("/serviceArns").size()).as("nothing created").isZero();

        try (EcsClient ecs = Sdk.ecs(dockyard.endpoint())) {
            assertThatThrownBy(() -> ecs.createService(b -> b.cluster(cluster).serviceName("web").taskDefinition("ruleweb:1").desiredCount(0)
                    .deploymentConfiguration(d -> d.strategy(DeploymentStrategy.CANARY).canaryConfiguration(c -> c.canaryPercent(0.05)))))
                    .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("canaryPercent must be between 0.1 and 100.0.");
                    });
            // without load balancers a LINEAR service is accepted; UpdateService merges, and drops what the new strategy does not use
            ecs.createService(b -> b.cluster(cluster).serviceName("web").taskDefinition("ruleweb:1").desiredCount(0)
                    .deploymentConfiguration(d -> d.strategy(DeploymentStrategy.LINEAR).linearConfiguration(c -> c.stepPercent(12.5))));
            assertThatThrownBy(() -> ecs.updateService(b -> b.cluster(cluster).service("web")
                    .deploymentConfiguration(d -> d.linearConfiguration(c -> c.stepPercent(10.0).stepBakeTimeInMinutes(2000)))))
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("stepBakeTimeInMinutes must be between 0 and 1440.");
            ecs.updateService(b -> b.cluster(cluster).service("web").deploymentConfiguration(d -> d.bakeTimeInMinutes(3)));
            DeploymentConfiguration cfg = ecs.describeServices(b -> b.cluster(cluster).services("web")).services().get(0).deploymentConfiguration();
            assertThat(cfg.strategy()).isEqualTo(DeploymentStrategy.LINEAR);
            assertThat(cfg.linearConfiguration().stepPercent()).isEqualTo(12.5);
            assertThat(cfg.linearConfiguration().stepBakeTimeInMinutes()).as("echoed as registered: no default filled in").isNull();
            assertThat(cfg.bakeTimeInMinutes()).isEqualTo(3);
            ecs.updateService(b -> b.cluster(cluster).service("web").deploymentConfiguration(d -> d.strategy(DeploymentStrategy.ROLLING)));
            cfg = ecs.describeServices(b -> b.cluster(cluster).services("web")).services().get(0).deploymentConfiguration();
            assertThat(cfg.strategy()).isEqualTo(DeploymentStrategy.ROLLING);
            assertThat(cfg.linearConfiguration()).isNull();
            ecs.deleteService(b -> b.cluster(cluster).service("web"));
        }
    }
}
