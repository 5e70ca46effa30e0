package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.DockyardProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dockyard.it.services.ServiceFixtures.awaitSteady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ECS service behind Dockyard's ALB, as a user sets it up with the AWS CLI: tasks become targets
 * once RUNNING, a rolling deployment under a steady request loop loses no request, and a service
 * with serviceRegistries appears in Cloud Map.
 */
class ServiceLoadBalancingIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    private static String register(AwsCli aws, String family, String text) {
        String defs = "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,"
                + "\"command\":[\"sh\",\"-c\",\"echo " + text + " > /var/www/index.html; exec httpd -f -p 80 -h /var/www\"],"
                + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}]";
        return aws.run("ecs", "register-task-definition", "--family", family, "--container-definitions", defs).ok()
                .at("/taskDefinition/taskDefinitionArn").asText();
    }

    @Test
    void rollingDeploymentBehindTheLoadBalancerLosesNoRequest() throws Exception {
        AwsCli aws = dockyard.cli();
        String cluster = "svc-it-lb";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String v1 = register(aws, "lbweb", "blue");
        String v2 = register(aws, "lbweb", "green");
        String lb = aws.run("elbv2", "create-load-balancer", "--name", "svc-lb", "--subnets", "subnet-1", "subnet-2").ok().at("/LoadBalancers/0/LoadBalancerArn").asText();
        String tg = aws.run("elbv2", "create-target-group", "--name", "svc-tg", "--protocol", "HTTP", "--port", "80", "--vpc-id", "vpc-1",
                "--health-check-path", "/", "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2", "--healthy-threshold-count", "2").ok().at("/TargetGroups/0/TargetGroupArn").asText();
        aws.run("elbv2", "modify-target-group-attributes", "--target-group-arn", tg, "--attributes", "Key=deregistration_delay.timeout_seconds,Value=2").ok();
        int port = DockyardProcess.freePort();
        aws.run("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", Integer.toString(port),
                "--default-actions", "Type=forward,TargetGroupArn=" + tg).ok();

        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", "lbweb:1", "--desired-count", "2",
                "--load-balancers", "targetGroupArn=" + tg + ",containerName=web,containerPort=80").ok();
        awaitSteady(aws, cluster, "web", 2, v1, Duration.ofSeconds(90));
        JsonNode health = aws.run("elbv2", "describe-target-health", "--target-group-arn", tg).ok().at("/TargetHealthDescriptions");
        assertThat(health.size()).isEqualTo(2);
        health.forEach(h -> assertThat(h.at("/TargetHealth/State").asText()).isEqualTo("healthy"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body()).contains("blue");

        // A bounded request loop on loopback while the service rolls to v2.
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger(), failed = new AtomicInteger(), green = new AtomicInteger();
        Thread loop = Thread.ofVirtual().start(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            for (int i = 0; i < 20_000 && !stop.get() && System.nanoTime() < deadline; i++) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) ok.incrementAndGet(); else failed.incrementAndGet();
                    if (r.body().contains("green")) green.incrementAndGet();
                    Thread.sleep(10);
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "web", "--task-definition", "lbweb:2").ok();
        awaitSteady(aws, cluster, "web", 2, v2, Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("elbv2", "describe-target-health", "--target-group-arn", tg).ok()
                .at("/TargetHealthDescriptions").size() == 2);
        Thread.sleep(500);
        stop.set(true);
        loop.join();
        System.out.printf("requests during the rolling deployment: ok=%d failed=%d green=%d%n", ok.get(), failed.get(), green.get());
        assertThat(failed.get()).isZero();
        assertThat(ok.get()).isGreaterThan(100);
        assertThat(green.get()).isPositive();
        assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body()).contains("green");

        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "web", "--force").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> ServiceFixtures.containers(cluster).isEmpty());
    }

    @Test
    void serviceRegistriesPutRunningTasksInCloudMap() {
        AwsCli aws = dockyard.cli();
        String cluster = "svc-it-sd";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String v1 = register(aws, "sdweb", "hello");
        String op = aws.run("servicediscovery", "create-private-dns-namespace", "--name", "internal.local", "--vpc", "vpc-1").ok().at("/OperationId").asText();
        String ns = aws.run("servicediscovery", "get-operation", "--operation-id", op).ok().at("/Operation/Targets/NAMESPACE").asText();
        String registry = aws.run("servicediscovery", "create-service", "--name", "api", "--namespace-id", ns,
                "--dns-config", "DnsRecords=[{Type=A,TTL=10},{Type=SRV,TTL=10}]").ok().at("/Service/Arn").asText();
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "api", "--task-definition", "sdweb", "--desired-count", "2",
                "--service-registries", "registryArn=" + registry + ",containerName=web,containerPort=80").ok();
        awaitSteady(aws, cluster, "api", 2, v1, Duration.ofSeconds(60));
        // (discover-instances goes to the data-<host> endpoint in the AWS CLI, which --endpoint-url localhost cannot reach; list-instances reads the same)
        String serviceId = registry.substring(registry.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> aws.run("servicediscovery", "list-instances", "--service-id", serviceId).ok().at("/Instances").size() == 2);
        JsonNode instances = aws.run("servicediscovery", "list-instances", "--service-id", serviceId).ok().at("/Instances");
        instances.forEach(i -> assertThat(i.at("/Attributes/AWS_INSTANCE_PORT").asInt()).isGreaterThanOrEqualTo(32768));

        // ListServicesByNamespace: by name and by ARN, across clusters; an unknown namespace is NamespaceNotFoundException
        String namespaceArn = aws.run("servicediscovery", "get-namespace", "--id", ns).ok().at("/Namespace/Arn").asText();
        String serviceArn = aws.run("ecs", "describe-services", "--cluster", cluster, "--services", "api").ok().at("/services/0/serviceArn").asText();
        assertThat(aws.run("ecs", "list-services-by-namespace", "--namespace", "internal.local").ok().at("/serviceArns").toString())
                .isEqualTo("[\"" + serviceArn + "\"]");
        assertThat(aws.run("ecs", "list-services-by-namespace", "--namespace", namespaceArn).ok().at("/serviceArns/0").asText()).isEqualTo(serviceArn);
        assertThat(aws.run("ecs", "list-services-by-namespace", "--namespace", "nowhere.local").stderr()).contains("NamespaceNotFoundException");

        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "api", "--desired-count", "1").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> aws.run("servicediscovery", "list-instances", "--service-id", serviceId).ok().at("/Instances").size() == 1);
        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "api", "--force").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> ServiceFixtures.containers(cluster).isEmpty());
    }
}
