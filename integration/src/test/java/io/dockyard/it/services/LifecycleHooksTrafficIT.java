package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.EcsWire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.dockyard.it.services.ServiceFixtures.awaitSteady;
import static io.dockyard.it.services.ServiceFixtures.running;
import static io.dockyard.it.services.TrafficFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PAUSE lifecycle hooks of a BLUE_GREEN service behind Dockyard's ALB, driven with the AWS CLI v1 (SDK
 * v2 2.40 has no ContinueServiceDeployment): a deployment paused at POST_TEST_TRAFFIC_SHIFT serves v2 on
 * the test listener and v1 on production until ContinueServiceDeployment; CONTINUE moves production to
 * v2 without losing a request, ROLLBACK keeps it on v1 and stops green; hooks with a timeout take their
 * action by themselves. One "minute" lasts 3 s here (DOCKYARD_DEPLOYMENT_MINUTE_SECONDS).
 */
class LifecycleHooksTrafficIT {
    private static final List<String> CLUSTERS = List.of("hook-go-it", "hook-back-it", "hook-timeout-it");
    private static final String PAUSE_AFTER_TEST_SHIFT = "{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":0,"
            + "\"lifecycleHooks\":[{\"targetType\":\"PAUSE\",\"lifecycleStages\":[\"POST_TEST_TRAFFIC_SHIFT\"]}]}";
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

    /** The set-up service "web" steady on v1 with this deployment configuration, production serving v1. */
    private static TrafficFixtures.Setup serviceOnV1(AwsCli aws, String cluster, String family, String cfg) throws Exception {
        TrafficFixtures.Setup s = TrafficFixtures.setup(aws, cluster, family);
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", family + ":1", "--desired-count", "1",
                "--deployment-configuration", cfg, "--load-balancers", s.loadBalancers()).ok();
        awaitSteady(aws, cluster, "web", 1, s.v1(), Duration.ofSeconds(60));
        TrafficFixtures.awaitServing(s.prodPort(), "v1");
        return s;
    }

    private static String inProgress(AwsCli aws, String cluster) {
        await().atMost(Duration.ofSeconds(10)).until(() -> aws.run("ecs", "list-service-deployments", "--cluster", cluster, "--service", "web",
                "--status", "IN_PROGRESS").ok().at("/serviceDeployments").size() == 1);
        return aws.run("ecs", "list-service-deployments", "--cluster", cluster, "--service", "web", "--status", "IN_PROGRESS").ok()
                .at("/serviceDeployments/0/serviceDeploymentArn").asText();
    }

    /** DescribeServiceDeployments on the wire (polled: quicker than a CLI process per poll). */
    private static JsonNode deployment(AwsCli aws, String sdArn) {
        return new EcsWire(aws.endpoint()).call("DescribeServiceDeployments", Map.of("serviceDeploymentArns", List.of(sdArn))).at("/serviceDeployments/0");
    }

    /** Waits until the deployment pauses at {@code stage}; returns the paused hook's id. */
    private static String awaitPaused(AwsCli aws, String sdArn, String stage, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> deployment(aws, sdArn).at("/lifecycleStage").asText().equals(stage));
        JsonNode sd = deployment(aws, sdArn);
        assertThat(sd.at("/status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(sd.at("/lifecycleHookDetails").size()).isEqualTo(1);
        assertThat(sd.at("/lifecycleHookDetails/0/targetType").asText()).isEqualTo("PAUSE");
        assertThat(sd.at("/lifecycleHookDetails/0/status").asText()).isEqualTo("IN_PROGRESS");
        String hookId = sd.at("/lifecycleHookDetails/0/hookId").asText();
        assertThat(hookId).isNotBlank();
        return hookId;
    }

    private static void awaitStatus(AwsCli aws, String sdArn, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> deployment(aws, sdArn).at("/status").asText().equals(status));
    }

    /** While paused at POST_TEST_TRAFFIC_SHIFT: test serves green (v2), production blue (v1), both revisions run, and nothing advances. */
    private static void checkPausedAfterTestShift(AwsCli aws, TrafficFixtures.Setup s, String sdArn) throws Exception {
        TrafficFixtures.awaitServing(s.testPort(), "v2");
        for (int i = 0; i < 20; i++) {
            assertThat(get(s.prodPort())).as("production while paused").isEqualTo("v1");
            assertThat(get(s.testPort())).as("test while paused").isEqualTo("v2");
        }
        assertThat(running(aws, s.cluster(), "web")).extracting(t -> t.at("/taskDefinitionArn").asText()).containsExactlyInAnyOrder(s.v1(), s.v2());
        Thread.sleep(2_000);
        JsonNode sd = deployment(aws, sdArn);
        assertThat(sd.at("/lifecycleStage").asText()).as("still paused").isEqualTo("POST_TEST_TRAFFIC_SHIFT");
        assertThat(sd.at("/targetServiceRevision/requestedProductionTrafficWeight").asDouble()).isEqualTo(0.0);
        assertThat(sd.at("/targetServiceRevision/requestedTestTrafficWeight").asDouble()).isEqualTo(100.0);
        assertThat(get(s.prodPort())).isEqualTo("v1");
        assertThat(ServiceFixtures.service(aws, s.cluster(), "web").at("/events").toString())
                .contains("paused by a lifecycle hook at POST_TEST_TRAFFIC_SHIFT.");
    }

    @Test
    void continueAtPostTestTrafficShiftMovesProductionToGreenWithoutLosingARequest() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        TrafficFixtures.Setup s = serviceOnV1(aws, "hook-go-it", "hookgo", PAUSE_AFTER_TEST_SHIFT);
        JsonNode hooks = ServiceFixtures.service(aws, s.cluster(), "web").at("/deploymentConfiguration/lifecycleHooks");
        assertThat(hooks.toString()).as("echoed as given").isEqualTo("[{\"targetType\":\"PAUSE\",\"lifecycleStages\":[\"POST_TEST_TRAFFIC_SHIFT\"]}]");

        try (TrafficWatch watch = new TrafficWatch(dockyard.endpoint(), s.prodPort(), s.prodRule(), s.green(), Duration.ofSeconds(120))) {
            aws.run("ecs", "update-service", "--cluster", s.cluster(), "--service", "web", "--task-definition", "hookgo:2").ok();
            String sdArn = inProgress(aws, s.cluster());
            String hookId = awaitPaused(aws, sdArn, "POST_TEST_TRAFFIC_SHIFT", Duration.ofSeconds(60));
            checkPausedAfterTestShift(aws, s, sdArn);

            AwsCli.Result wrong = aws.run("ecs", "continue-service-deployment", "--service-deployment-arn", sdArn, "--hook-id", "not-" + hookId);
            assertThat(wrong.exitCode()).isNotZero();
            assertThat(wrong.stderr()).contains("InvalidParameterException");
            assertThat(aws.run("ecs", "continue-service-deployment", "--service-deployment-arn", sdArn, "--hook-id", hookId, "--action", "CONTINUE").ok()
                    .at("/serviceDeploymentArn").asText()).isEqualTo(sdArn);

            awaitSteady(aws, s.cluster(), "web", 1, s.v2(), Duration.ofSeconds(60));
            Thread.sleep(300);
            watch.close();
            System.out.printf("requests through production: %d, splits %s%n", watch.answers().size(), watch.splits());
            assertThat(watch.failures("v1", "v2")).as("failed requests").isEmpty();
            assertThat(watch.splits()).extracting(TrafficWatch.Split::green).containsExactly(0.0, 1.0);
            assertThat(watch.answers()).extracting(TrafficWatch.Answer::body).contains("v1", "v2");
            assertThat(watch.answers().getLast().body()).isEqualTo("v2");
            awaitStatus(aws, sdArn, "SUCCESSFUL");
            assertThat(deployment(aws, sdArn).has("lifecycleHookDetails")).as("no hook paused any more").isFalse();
            AwsCli.Result again = aws.run("ecs", "continue-service-deployment", "--service-deployment-arn", sdArn, "--hook-id", hookId);
            assertThat(again.exitCode()).isNotZero();
            assertThat(again.stderr()).contains("InvalidParameterException").contains("is not paused");
        }
        assertThat(get(s.prodPort())).isEqualTo("v2");
        assertThat(get(s.testPort())).isEqualTo("v2");
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceFixtures.containers(s.cluster()).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("elbv2", "describe-target-health", "--target-group-arn", s.blue()).ok()
                .at("/TargetHealthDescriptions").isEmpty());
        assertThat(ServiceFixtures.service(aws, s.cluster(), "web").at("/events").toString())
                .contains("continued past the lifecycle hook at POST_TEST_TRAFFIC_SHIFT.");
        TrafficFixtures.deleteService(aws, s.cluster());
    }

    @Test
    void rollbackAtPostTestTrafficShiftKeepsProductionOnBlueAndStopsGreen() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        TrafficFixtures.Setup s = serviceOnV1(aws, "hook-back-it", "hookback", PAUSE_AFTER_TEST_SHIFT);

        try (TrafficWatch watch = new TrafficWatch(dockyard.endpoint(), s.prodPort(), s.prodRule(), s.green(), Duration.ofSeconds(120))) {
            aws.run("ecs", "update-service", "--cluster", s.cluster(), "--service", "web", "--task-definition", "hookback:2").ok();
            String sdArn = inProgress(aws, s.cluster());
            String hookId = awaitPaused(aws, sdArn, "POST_TEST_TRAFFIC_SHIFT", Duration.ofSeconds(60));
            checkPausedAfterTestShift(aws, s, sdArn);

            aws.run("ecs", "continue-service-deployment", "--service-deployment-arn", sdArn, "--hook-id", hookId, "--action", "ROLLBACK").ok();
            awaitStatus(aws, sdArn, "ROLLBACK_SUCCESSFUL");
            TrafficFixtures.awaitServing(s.testPort(), "v1");
            await().atMost(Duration.ofSeconds(30)).until(() -> running(aws, s.cluster(), "web").stream()
                    .map(t -> t.at("/taskDefinitionArn").asText()).toList().equals(List.of(s.v1())));
            Thread.sleep(300);
            watch.close();
            assertThat(watch.failures("v1", "v2")).as("failed requests").isEmpty();
            assertThat(watch.answers()).extracting(TrafficWatch.Answer::body).as("production never left blue").containsOnly("v1");
            assertThat(watch.splits()).extracting(TrafficWatch.Split::green).containsExactly(0.0);
            assertThat(deployment(aws, sdArn).at("/statusReason").asText()).isEqualTo("Rolled back to " + s.v1() + ".");
            assertThat(ServiceFixtures.service(aws, s.cluster(), "web").at("/events").toString())
                    .contains("Rollback requested by lifecycle hook at POST_TEST_TRAFFIC_SHIFT.");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceFixtures.containers(s.cluster()).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("elbv2", "describe-target-health", "--target-group-arn", s.green()).ok()
                .at("/TargetHealthDescriptions").isEmpty());
        for (int i = 0; i < 10; i++) assertThat(get(s.prodPort())).isEqualTo("v1");
        TrafficFixtures.deleteService(aws, s.cluster());
    }

    @Test
    void hooksWithATimeoutTakeTheirActionByThemselves() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        // two "minutes" (6 s) each: CONTINUE after POST_SCALE_UP, then ROLLBACK once all production traffic is on green
        String cfg = "{\"strategy\":\"BLUE_GREEN\",\"bakeTimeInMinutes\":0,\"lifecycleHooks\":["
                + "{\"targetType\":\"PAUSE\",\"lifecycleStages\":[\"POST_SCALE_UP\"],\"timeoutConfiguration\":{\"timeoutInMinutes\":2,\"action\":\"CONTINUE\"}},"
                + "{\"targetType\":\"PAUSE\",\"lifecycleStages\":[\"POST_PRODUCTION_TRAFFIC_SHIFT\"],\"timeoutConfiguration\":{\"timeoutInMinutes\":2,\"action\":\"ROLLBACK\"}}]}";
        TrafficFixtures.Setup s = serviceOnV1(aws, "hook-timeout-it", "hooktime", cfg);

        aws.run("ecs", "update-service", "--cluster", s.cluster(), "--service", "web", "--task-definition", "hooktime:2").ok();
        String sdArn = inProgress(aws, s.cluster());
        awaitPaused(aws, sdArn, "POST_SCALE_UP", Duration.ofSeconds(60));
        assertThat(get(s.testPort())).as("test traffic not shifted before POST_SCALE_UP is passed").isEqualTo("v1");
        awaitPaused(aws, sdArn, "POST_PRODUCTION_TRAFFIC_SHIFT", Duration.ofSeconds(30));
        assertThat(get(s.prodPort())).as("all production traffic on green while paused").isEqualTo("v2");
        awaitStatus(aws, sdArn, "ROLLBACK_SUCCESSFUL");
        TrafficFixtures.awaitServing(s.prodPort(), "v1");
        await().atMost(Duration.ofSeconds(30)).until(() -> running(aws, s.cluster(), "web").stream()
                .map(t -> t.at("/taskDefinitionArn").asText()).toList().equals(List.of(s.v1())));
        String events = ServiceFixtures.service(aws, s.cluster(), "web").at("/events").toString();
        assertThat(events).contains("continued past the lifecycle hook at POST_SCALE_UP.")
                .contains("paused by a lifecycle hook at POST_PRODUCTION_TRAFFIC_SHIFT.")
                .contains("Rollback requested by lifecycle hook at POST_PRODUCTION_TRAFFIC_SHIFT.");
        assertThat(deployment(aws, sdArn).at("/statusReason").asText()).isEqualTo("Rolled back to " + s.v1() + ".");
        TrafficFixtures.deleteService(aws, s.cluster());
    }
}
