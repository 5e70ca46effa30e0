package io.dockyard.it.services;

import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * What the blue/green, linear and canary tests set up as a user does with the AWS CLI: busybox httpd
 * task definitions answering their version, fast-checking target groups, and listener rules that
 * forward to blue (weight 100) and green (weight 0); and a plain HTTP GET through the load balancer.
 */
final class TrafficFixtures {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private TrafficFixtures() {}

    /**
     * A cluster, its load balancer's blue and green target groups, production and test listener
     * rules on their own ports, and two revisions of a task definition family answering v1 and v2.
     */
    record Setup(String cluster, String blue, String green, int prodPort, String prodRule, int testPort, String testRule, String loadBalancers,
                 String v1, String v2) {}

    static Setup setup(AwsCli aws, String cluster, String family) throws java.io.IOException {
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String lb = aws.run("elbv2", "create-load-balancer", "--name", cluster, "--subnets", "subnet-1", "subnet-2").ok()
                .at("/LoadBalancers/0/LoadBalancerArn").asText();
        String blue = targetGroup(aws, cluster + "-blue");
        String green = targetGroup(aws, cluster + "-green");
        int prodPort = DockyardProcess.freePort();
        int testPort = DockyardProcess.freePort();
        String prodRule = listenerRule(aws, lb, prodPort, blue, green);
        String testRule = listenerRule(aws, lb, testPort, blue, green);
        return new Setup(cluster, blue, green, prodPort, prodRule, testPort, testRule, loadBalancers(blue, green, prodRule, testRule),
                httpd(aws, family, "v1"), httpd(aws, family, "v2"));
    }

    /** Waits until GET / on the port answers {@code body}. */
    static void awaitServing(int port, String body) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> get(port).equals(body));
    }

    /** Deletes the cluster's service "web" (force) and waits until its containers are gone. */
    static void deleteService(AwsCli aws, String cluster) {
        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "web", "--force").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceFixtures.containers(cluster).isEmpty());
    }

    /** Registers a revision of {@code family}: httpd on port 80 (dynamic host port) answering {@code text}; stopTimeout 2. */
    static String httpd(AwsCli aws, String family, String text) {
        String defs = "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,"
                + "\"command\":[\"sh\",\"-c\",\"echo " + text + " > /var/www/index.html; exec httpd -f -p 80 -h /var/www\"],"
                + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}]";
        return aws.run("ecs", "register-task-definition", "--family", family, "--container-definitions", defs).ok()
                .at("/taskDefinition/taskDefinitionArn").asText();
    }

    /** An HTTP target group checked every 5 s (healthy after 2), deregistration delay 2 s. */
    static String targetGroup(AwsCli aws, String name) {
        String tg = aws.run("elbv2", "create-target-group", "--name", name, "--protocol", "HTTP", "--port", "80", "--vpc-id", "vpc-1",
                "--health-check-path", "/", "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2",
                "--healthy-threshold-count", "2").ok().at("/TargetGroups/0/TargetGroupArn").asText();
        aws.run("elbv2", "modify-target-group-attributes", "--target-group-arn", tg, "--attributes", "Key=deregistration_delay.timeout_seconds,Value=2").ok();
        return tg;
    }

    /** A listener answering 404 by default, with one rule forwarding everything to blue (weight 100) and green (weight 0). */
    static String listenerRule(AwsCli aws, String lb, int port, String blue, String green) {
        String listener = aws.run("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", Integer.toString(port),
                "--default-actions", "Type=fixed-response,FixedResponseConfig={StatusCode=404}").ok().at("/Listeners/0/ListenerArn").asText();
        String actions = "[{\"Type\":\"forward\",\"ForwardConfig\":{\"TargetGroups\":[{\"TargetGroupArn\":\"" + blue + "\",\"Weight\":100},"
                + "{\"TargetGroupArn\":\"" + green + "\",\"Weight\":0}]}}]";
        return aws.run("elbv2", "create-rule", "--listener-arn", listener, "--priority", "1", "--conditions", "Field=path-pattern,Values=/*",
                "--actions", actions).ok().at("/Rules/0/RuleArn").asText();
    }

    /** The service's loadBalancers with the advancedConfiguration ECS blue/green, linear and canary deployments take. */
    static String loadBalancers(String blue, String green, String productionRule, String testRule) {
        return "[{\"targetGroupArn\":\"" + blue + "\",\"containerName\":\"web\",\"containerPort\":80,\"advancedConfiguration\":{"
                + "\"alternateTargetGroupArn\":\"" + green + "\",\"productionListenerRule\":\"" + productionRule + "\",\"testListenerRule\":\"" + testRule
                + "\",\"roleArn\":\"arn:aws:iam::000000000000:role/ecsInfrastructureRole\"}}]";
    }

    /** GET / on the loopback port: the body (trimmed) on 200, else "HTTP <status>" or "error …". */
    static String get(int port) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().trim() : "HTTP " + r.statusCode();
        } catch (java.io.IOException e) {
            return "error " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error " + e;
        }
    }
}
