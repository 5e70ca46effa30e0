package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.DockyardProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dockyard.it.services.ServiceFixtures.awaitSteady;
import static io.dockyard.it.services.TrafficFixtures.get;
import static io.dockyard.it.services.TrafficFixtures.httpd;
import static io.dockyard.it.services.TrafficFixtures.listenerRule;
import static io.dockyard.it.services.TrafficFixtures.loadBalancers;
import static io.dockyard.it.services.TrafficFixtures.targetGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ECS native blue/green behind Dockyard's ALB, set up as a user does with the AWS CLI: two target
 * groups, a production listener rule and a test listener rule. A deployment shifts test traffic,
 * then production traffic, to the green tasks without losing a request; StopServiceDeployment
 * during the bake time sends production back to blue at once.
 */
class BlueGreenIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    @Test
    void blueGreenShiftsTestThenProductionTrafficAndRollsBackAtOnce() throws Exception {
        AwsCli aws = dockyard.cli();
        String cluster = "bg-it";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String v1 = httpd(aws, "bgweb", "v1");
        String v2 = httpd(aws, "bgweb", "v2");
        String v3 = httpd(aws, "bgweb", "v3");
        String lb = aws.run("elbv2", "create-load-balancer", "--name", "bg-lb", "--subnets", "subnet-1", "subnet-2").ok().at("/LoadBalancers/0/LoadBalancerArn").asText();
        String blue = targetGroup(aws, "bg-blue");
        String green = targetGroup(aws, "bg-green");
        int prodPort = DockyardProcess.freePort();
        int testPort = DockyardProcess.freePort();
        String prodRule = listenerRule(aws, lb, prodPort, blue, green);
        String testRule = listenerRule(aws, lb, testPort, blue, green);
        String lbs = loadBalancers(blue, green, prodRule, testRule);

        // BLUE_GREEN needs advancedConfiguration on its load balancers
        AwsCli.Result refused = aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", "bgweb:1",
                "--desired-count", "1", "--deployment-configuration", "strategy=BLUE_GREEN",
                "--load-balancers", "targetGroupArn=" + blue + ",containerName=web,containerPort=80");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("InvalidParameterException").contains("advancedConfiguration");
        assertThat(aws.run("ecs", "list-services", "--cluster", cluster).ok().at("/serviceArns").size()).isZero();

        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", "bgweb:1", "--desired-count", "1",
                "--deployment-configuration", "strategy=BLUE_GREEN,bakeTimeInMinutes=0", "--load-balancers", lbs).ok();
        awaitSteady(aws, cluster, "web", 1, v1, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> get(prodPort).equals("v1"));

        // v2 under a bounded request loop: each round reads production, then test; test must never lag behind production
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger(), failed = new AtomicInteger(), prodV2 = new AtomicInteger(), testBeforeProd = new AtomicInteger(),
                testLagging = new AtomicInteger();
        Thread loop = Thread.ofVirtual().start(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            for (int i = 0; i < 20_000 && !stop.get() && System.nanoTime() < deadline; i++) {
                String prod = get(prodPort);
                String test = get(testPort);
                if (prod.equals("v1") || prod.equals("v2")) ok.incrementAndGet(); else failed.incrementAndGet();
                if (prod.equals("v2")) prodV2.incrementAndGet();
                if (prod.equals("v2") && !test.equals("v2")) testLagging.incrementAndGet();
                if (prod.equals("v1") && test.equals("v2")) testBeforeProd.incrementAndGet();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "web", "--task-definition", "bgweb:2").ok();
        awaitSteady(aws, cluster, "web", 1, v2, Duration.ofSeconds(120));
        Thread.sleep(300);
        stop.set(true);
        loop.join();
        System.out.printf("requests during the blue/green deployment: ok=%d failed=%d prodV2=%d testFirst=%d testLagging=%d%n",
                ok.get(), failed.get(), prodV2.get(), testBeforeProd.get(), testLagging.get());
        assertThat(failed.get()).isZero();
        assertThat(ok.get()).isGreaterThan(50);
        assertThat(prodV2.get()).isPositive();
        assertThat(testLagging.get()).as("production never served v2 while test still served v1").isZero();
        assertThat(get(prodPort)).isEqualTo("v2");
        assertThat(get(testPort)).isEqualTo("v2");
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("elbv2", "describe-target-health", "--target-group-arn", blue).ok()
                .at("/TargetHealthDescriptions").isEmpty());
        assertThat(aws.run("elbv2", "describe-target-health", "--target-group-arn", green).ok().at("/TargetHealthDescriptions").size()).isEqualTo(1);
        JsonNode rule = aws.run("elbv2", "describe-rules", "--rule-arns", prodRule).ok().at("/Rules/0/Actions/0/ForwardConfig/TargetGroups");
        rule.forEach(t -> assertThat(t.at("/Weight").asInt()).isEqualTo(t.at("/TargetGroupArn").asText().equals(green) ? 100 : 0));
        String events = ServiceFixtures.service(aws, cluster, "web").at("/events").toString();
        assertThat(events.indexOf("production traffic shifted")).as("events are newest first: test traffic shifted before production")
                .isNotNegative().isLessThan(events.indexOf("test traffic shifted"));
        String v2Deployment = aws.run("ecs", "list-service-deployments", "--cluster", cluster, "--service", "web").ok().at("/serviceDeployments").toString();
        assertThat(v2Deployment).contains("SUCCESSFUL");
        // the revision the deployment targeted: v2 with its load balancers and the digest its tasks resolved
        String revision = aws.run("ecs", "list-service-deployments", "--cluster", cluster, "--service", "web", "--status", "SUCCESSFUL").ok()
                .at("/serviceDeployments/0/targetServiceRevisionArn").asText();
        JsonNode revisions = aws.run("ecs", "describe-service-revisions", "--service-revision-arns", revision,
                revision.substring(0, revision.lastIndexOf('/') + 1) + "bgweb-99").ok();
        assertThat(revisions.at("/serviceRevisions/0/taskDefinition").asText()).isEqualTo(v2);
        assertThat(revisions.at("/serviceRevisions/0/serviceArn").asText()).endsWith(":service/" + cluster + "/web");
        assertThat(revisions.at("/serviceRevisions/0/loadBalancers/0/containerPort").asInt()).isPositive();
        assertThat(revisions.at("/serviceRevisions/0/containerImages/0/imageDigest").asText()).startsWith("sha256:");
        assertThat(revisions.at("/failures/0/reason").asText()).isEqualTo("MISSING");

        // v3 with a long bake time: production moves to v3 (on the blue target group now), then a rollback brings v2 back at once
        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "web", "--task-definition", "bgweb:3",
                "--deployment-configuration", "strategy=BLUE_GREEN,bakeTimeInMinutes=10").ok();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> get(prodPort).equals("v3"));
        assertThat(get(testPort)).isEqualTo("v3");
        String sdArn = aws.run("ecs", "list-service-deployments", "--cluster", cluster, "--service", "web", "--status", "IN_PROGRESS").ok()
                .at("/serviceDeployments/0/serviceDeploymentArn").asText();
        assertThat(sdArn).contains(":service-deployment/");
        assertThat(aws.run("ecs", "describe-service-deployments", "--service-deployment-arns", sdArn).ok()
                .at("/serviceDeployments/0/lifecycleStage").asText()).isEqualTo("BAKE_TIME");
        long t0 = System.nanoTime();
        aws.run("ecs", "stop-service-deployment", "--service-deployment-arn", sdArn, "--stop-type", "ROLLBACK").ok();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> get(prodPort).equals("v2"));
        System.out.printf("production back on v2 %d ms after the CLI call to StopServiceDeployment began%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(get(testPort)).isEqualTo("v2");
        await().atMost(Duration.ofSeconds(10)).until(() -> "ROLLBACK_SUCCESSFUL".equals(aws.run("ecs", "describe-service-deployments",
                "--service-deployment-arns", sdArn).ok().at("/serviceDeployments/0/status").asText()));
        await().atMost(Duration.ofSeconds(60)).until(() -> ServiceFixtures.running(aws, cluster, "web").stream()
                .allMatch(t -> t.at("/taskDefinitionArn").asText().equals(v2)) && ServiceFixtures.running(aws, cluster, "web").size() == 1);
        assertThat(ServiceFixtures.service(aws, cluster, "web").at("/taskDefinition").asText()).isEqualTo(v2);
        for (int i = 0; i < 20; i++) assertThat(get(prodPort)).isEqualTo("v2");

        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "web", "--force").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> ServiceFixtures.containers(cluster).isEmpty());
    }
}
