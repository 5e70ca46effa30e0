package io.dockyard.it.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FARGATE and FARGATE_SPOT as a user drives them with the AWS CLI: the cluster's providers and default
 * strategy, a service split by base and weight, the strategy errors ECS answers, and a Spot
 * interruption (the dev helper) of a service behind the ALB — the tasks stop with stopCode
 * SpotInterruption, the service replaces them on Spot again, and no request through the load balancer
 * fails.
 */
class CapacityProvidersIT {
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage().env("DOCKYARD_DEPLOYMENT_MINUTE_SECONDS", "1");
    private static AwsCli aws;
    private static final String CLUSTER = "spot";

    @BeforeAll
    static void start() {
        aws = new AwsCli(dockyard.endpoint());
    }


    @Test
    void aSpotInterruptedServiceIsReplacedByItsStrategyWithoutAFailedRequest() throws Exception {
        aws.run("ecs", "create-cluster", "--cluster-name", CLUSTER).ok();
        JsonNode cluster = aws.run("ecs", "put-cluster-capacity-providers", "--cluster", CLUSTER, "--capacity-providers", "FARGATE", "FARGATE_SPOT",
                "--default-capacity-provider-strategy", "capacityProvider=FARGATE,weight=1").ok().at("/cluster");
        assertThat(cluster.at("/capacityProviders").toString()).isEqualTo("[\"FARGATE\",\"FARGATE_SPOT\"]");
        JsonNode providers = aws.run("ecs", "describe-capacity-providers", "--capacity-providers", "FARGATE_SPOT", "nope").ok();
        assertThat(providers.at("/capacityProviders/0/capacityProviderArn").asText()).endsWith(":capacity-provider/FARGATE_SPOT");
        assertThat(providers.at("/failures/0/reason").asText()).isEqualTo("MISSING");

        // a graceful server: on SIGTERM it keeps serving 3 s (the target deregisters meanwhile), then exits
        String defs = "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"essential\":true,\"stopTimeout\":10,"
                + "\"command\":[\"sh\",\"-c\",\"echo spot > /var/www/index.html; httpd -p 80 -h /var/www; trap 'sleep 3; exit 0' TERM; while true; do sleep 1; done\"],"
                + "\"portMappings\":[{\"containerPort\":80}]}]";
        aws.run("ecs", "register-task-definition", "--family", "spotweb", "--network-mode", "awsvpc", "--requires-compatibilities", "FARGATE",
                "--cpu", "256", "--memory", "512", "--container-definitions", defs).ok();
        String lb = aws.run("elbv2", "create-load-balancer", "--name", "spot-lb", "--subnets", "subnet-1", "subnet-2").ok()
                .at("/LoadBalancers/0/LoadBalancerArn").asText();
        String tg = aws.run("elbv2", "create-target-group", "--name", "spot-tg", "--protocol", "HTTP", "--port", "80", "--vpc-id", "vpc-1",
                "--target-type", "ip", "--health-check-path", "/", "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2",
                "--healthy-threshold-count", "2").ok().at("/TargetGroups/0/TargetGroupArn").asText();
        aws.run("elbv2", "modify-target-group-attributes", "--target-group-arn", tg, "--attributes", "Key=deregistration_delay.timeout_seconds,Value=2").ok();
        int port = DockyardProcess.freePort();
        aws.run("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", Integer.toString(port),
                "--default-actions", "Type=forward,TargetGroupArn=" + tg).ok();

        // strategy errors: a provider not on the cluster, two bases
        aws.run("ecs", "create-cluster", "--cluster-name", "plain").ok();
        assertThat(aws.run("ecs", "create-service", "--cluster", "plain", "--service-name", "x", "--task-definition", "spotweb", "--desired-count", "1",
                "--capacity-provider-strategy", "capacityProvider=FARGATE_SPOT,weight=1", "--network-configuration",
                "awsvpcConfiguration={subnets=[subnet-1]}").stderr()).contains("InvalidParameterException").contains("not associated with the cluster");
        assertThat(aws.run("ecs", "create-service", "--cluster", CLUSTER, "--service-name", "x", "--task-definition", "spotweb", "--desired-count", "1",
                "--capacity-provider-strategy", "capacityProvider=FARGATE,base=1,weight=1", "capacityProvider=FARGATE_SPOT,base=1,weight=1",
                "--network-configuration", "awsvpcConfiguration={subnets=[subnet-1]}").stderr()).contains("InvalidParameterException").contains("base");
        assertThat(aws.run("ecs", "put-cluster-capacity-providers", "--cluster", CLUSTER, "--capacity-providers", "FARGATE", "MY_ASG",
                "--default-capacity-provider-strategy", "capacityProvider=FARGATE,weight=1").stderr()).contains("InvalidParameterException");

        // base 1 on FARGATE, the rest 1:3 → 2 FARGATE, 3 FARGATE_SPOT
        aws.run("ecs", "create-service", "--cluster", CLUSTER, "--service-name", "web", "--task-definition", "spotweb", "--desired-count", "5",
                "--capacity-provider-strategy", "capacityProvider=FARGATE,base=1,weight=1", "capacityProvider=FARGATE_SPOT,weight=3",
                "--network-configuration", "awsvpcConfiguration={subnets=[subnet-1]}",
                "--load-balancers", "targetGroupArn=" + tg + ",containerName=web,containerPort=80").ok();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> healthy(tg) == 5);
        assertThat(byProvider()).isEqualTo(Map.of("FARGATE", 2, "FARGATE_SPOT", 3));
        // removing a provider in use is refused
        assertThat(aws.run("ecs", "put-cluster-capacity-providers", "--cluster", CLUSTER, "--capacity-providers", "FARGATE",
                "--default-capacity-provider-strategy", "capacityProvider=FARGATE,weight=1").stderr()).contains("ResourceInUseException");

        // load through the ALB while every Spot task is interrupted
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger(), failed = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread load = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        failed.incrementAndGet();
                        failures.add("HTTP " + r.statusCode());
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    failures.add(e.toString());
                }
                sent.incrementAndGet();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Thread.sleep(1_000);
        HttpResponse<String> interrupted = http.send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/_dockyard/spot-interruption"))
                .header("X-Dockyard-Dev", "1").POST(HttpRequest.BodyPublishers.ofString("{\"cluster\":\"" + CLUSTER + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(interrupted.statusCode()).as(interrupted.body()).isEqualTo(200);
        JsonNode arns = new com.fasterxml.jackson.databind.ObjectMapper().readTree(interrupted.body()).at("/interrupted");
        assertThat(arns).hasSize(3);
        String first = arns.get(0).asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                "STOPPED".equals(aws.run("ecs", "describe-tasks", "--cluster", CLUSTER, "--tasks", first).ok().at("/tasks/0/lastStatus").asText()));
        JsonNode stopped = aws.run("ecs", "describe-tasks", "--cluster", CLUSTER, "--tasks", first).ok().at("/tasks/0");
        assertThat(stopped.at("/stopCode").asText()).isEqualTo("SpotInterruption");
        assertThat(stopped.at("/stoppedReason").asText()).isEqualTo("Your Spot Task was interrupted.");
        assertThat(stopped.at("/capacityProviderName").asText()).isEqualTo("FARGATE_SPOT");
        // the service replaces them following its strategy: on Spot again
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> healthy(tg) == 5 && byProvider().equals(
                Map.of("FARGATE", 2, "FARGATE_SPOT", 3)));
        running.set(false);
        load.join();
        System.out.printf("spot interruption: %d requests through the ALB, %d failed%n", sent.get(), failed.get());
        assertThat(sent.get()).isGreaterThan(100);
        assertThat(failures).isEmpty();
        JsonNode events = aws.run("ecs", "describe-services", "--cluster", CLUSTER, "--services", "web").ok().at("/services/0/events");
        assertThat(events.toString()).contains("has started");
    }

    private static int healthy(String tg) {
        int n = 0;
        for (JsonNode d : aws.run("elbv2", "describe-target-health", "--target-group-arn", tg).ok().at("/TargetHealthDescriptions")) {
            if ("healthy".equals(d.at("/TargetHealth/State").asText())) n++;
        }
        return n;
    }

    /** The service's running tasks by capacity provider. */
    private static Map<String, Integer> byProvider() {
        List<String> arns = new ArrayList<>();
        aws.run("ecs", "list-tasks", "--cluster", CLUSTER, "--service-name", "web", "--desired-status", "RUNNING").ok().at("/taskArns")
                .forEach(a -> arns.add(a.asText()));
        Map<String, Integer> out = new HashMap<>();
        if (arns.isEmpty()) return out;
        List<String> args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", CLUSTER, "--tasks"));
        args.addAll(arns);
        for (JsonNode t : aws.run(args.toArray(String[]::new)).ok().at("/tasks")) {
            if ("RUNNING".equals(t.at("/lastStatus").asText())) out.merge(t.at("/capacityProviderName").asText(), 1, Integer::sum);
        }
        return out;
    }
}
