package io.dockyard.it.hosts;

import org.junit.jupiter.api.parallel.ResourceLock;
import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.EcsWire;
import io.dockyard.it.support.TestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A control plane and agents on two other hosts (network namespaces with a dockerd each, see
 * {@link TestHost}): each agent advertises its host's address, a service of 4 tasks spreads over both
 * hosts, the control plane's load balancer on loopback forwards to task ports on both hosts, and Cloud
 * Map lists each task at its host's address.
 */
@ResourceLock("netns")
class MultiHostIT {
    private static final String PREFIX = "dyt-mh";
    private static final String CONTROL_PLANE_LINK = PREFIX + "cp";
    private static final String CONTROL_PLANE_ADDRESS = "10.231.10.1";
    private static final String CLUSTER = "multi";

    private static DockyardProcess controlPlane;
    private static final List<TestHost> hosts = new ArrayList<>();
    private static AwsCli aws;
    private static EcsWire ecs;

    @BeforeAll
    static void up() throws Exception {
        TestHost.cleanLeftovers(PREFIX);
        Docker.ensureTestImage();
        TestHost.rootAddress(CONTROL_PLANE_LINK, CONTROL_PLANE_ADDRESS);
        controlPlane = DockyardProcess.controlPlaneOnly().bind(CONTROL_PLANE_ADDRESS);
        TestHost.createAll(hosts, PREFIX, () -> {
            controlPlane.start();
            aws = new AwsCli(controlPlane.endpoint());
            ecs = new EcsWire(controlPlane.endpoint());
            aws.run("ecs", "create-cluster", "--cluster-name", CLUSTER).ok();
        }, Docker.BUSYBOX, 11, 12);
        for (int i = 0; i < hosts.size(); i++) hosts.get(i).startAgent(controlPlane.endpoint(), CLUSTER, "h" + (i + 1), 2048, 1024);
    }

    @AfterAll
    static void down() {
        for (TestHost h : hosts) {
            try {
                h.close();
            } catch (RuntimeException e) {
                System.err.println("closing " + h.name() + ": " + e);
            }
        }
        hosts.clear();
        if (controlPlane != null) controlPlane.close();
        TestHost.removeRootAddress(CONTROL_PLANE_LINK);
        TestHost.cleanLeftovers(PREFIX);
    }

    /** ec2InstanceId (the agent's instance name) → the instance as DescribeContainerInstances shows it. */
    private static Map<String, JsonNode> instances() {
        JsonNode arns = ecs.call("ListContainerInstances", Map.of("cluster", CLUSTER)).at("/containerInstanceArns");
        Map<String, JsonNode> out = new HashMap<>();
        if (arns.isEmpty()) return out;
        List<String> list = new ArrayList<>();
        arns.forEach(a -> list.add(a.asText()));
        ecs.call("DescribeContainerInstances", Map.of("cluster", CLUSTER, "containerInstances", list)).at("/containerInstances")
                .forEach(i -> out.put(i.at("/ec2InstanceId").asText(), i));
        return out;
    }

    private static String attribute(JsonNode instance, String name) {
        for (JsonNode a : instance.at("/attributes")) if (name.equals(a.at("/name").asText())) return a.at("/value").asText();
        return null;
    }

    private static List<JsonNode> runningTasks(String service) {
        JsonNode arns = ecs.call("ListTasks", Map.of("cluster", CLUSTER, "serviceName", service)).at("/taskArns");
        List<JsonNode> out = new ArrayList<>();
        if (arns.isEmpty()) return out;
        List<String> ids = new ArrayList<>();
        arns.forEach(a -> ids.add(a.asText()));
        ecs.call("DescribeTasks", Map.of("cluster", CLUSTER, "tasks", ids)).at("/tasks").forEach(t -> {
            if ("RUNNING".equals(t.at("/lastStatus").asText())) out.add(t);
        });
        return out;
    }

    @Test
    void theLoadBalancerForwardsToTasksOnBothHosts() throws Exception {
        // bounds for a loaded machine: an agent JVM registers in a few seconds when the machine is idle
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> instances().size() == 2);
        Map<String, JsonNode> instances = instances();
        // Each host's agent advertises the address of its own host (the route's source toward the control plane).
        assertThat(attribute(instances.get("h1"), "dockyard.address")).isEqualTo(hosts.get(0).address());
        assertThat(attribute(instances.get("h2"), "dockyard.address")).isEqualTo(hosts.get(1).address());
        Map<String, String> hostOfInstanceArn = new HashMap<>();
        instances.forEach((name, i) -> hostOfInstanceArn.put(i.at("/containerInstanceArn").asText(), name));

        String defs = "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,"
                + "\"command\":[\"sh\",\"-c\",\"hostname > /var/www/index.html; exec httpd -f -p 80 -h /var/www\"],"
                + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}]";
        aws.run("ecs", "register-task-definition", "--family", "where", "--container-definitions", defs).ok();
        String lb = aws.run("elbv2", "create-load-balancer", "--name", "multi-lb", "--subnets", "subnet-1", "subnet-2").ok()
                .at("/LoadBalancers/0/LoadBalancerArn").asText();
        String tg = aws.run("elbv2", "create-target-group", "--name", "multi-tg", "--protocol", "HTTP", "--port", "80", "--vpc-id", "vpc-1",
                "--health-check-path", "/", "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2",
                "--healthy-threshold-count", "2").ok().at("/TargetGroups/0/TargetGroupArn").asText();
        int port = DockyardProcess.freePort();
        aws.run("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", Integer.toString(port),
                "--default-actions", "Type=forward,TargetGroupArn=" + tg).ok();
        String op = aws.run("servicediscovery", "create-private-dns-namespace", "--name", "multi.local", "--vpc", "vpc-1").ok().at("/OperationId").asText();
        String ns = aws.run("servicediscovery", "get-operation", "--operation-id", op).ok().at("/Operation/Targets/NAMESPACE").asText();
        String registry = aws.run("servicediscovery", "create-service", "--name", "where", "--namespace-id", ns,
                "--dns-config", "DnsRecords=[{Type=A,TTL=10},{Type=SRV,TTL=10}]").ok().at("/Service/Arn").asText();
        aws.run("ecs", "create-service", "--cluster", CLUSTER, "--service-name", "where", "--task-definition", "where:1", "--desired-count", "4",
                "--placement-strategy", "type=spread,field=instanceId",
                "--load-balancers", "targetGroupArn=" + tg + ",containerName=web,containerPort=80",
                "--service-registries", "registryArn=" + registry + ",containerName=web,containerPort=80").ok();

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> runningTasks("where").size() == 4);
        List<JsonNode> tasks = runningTasks("where");
        // Spread by instance: two tasks on each host, and each task's container is in its host's engine.
        Map<String, String> hostOfContainer = new HashMap<>();
        Map<String, Integer> perHost = new HashMap<>();
        for (JsonNode t : tasks) {
            String host = hostOfInstanceArn.get(t.at("/containerInstanceArn").asText());
            perHost.merge(host, 1, Integer::sum);
            hostOfContainer.put(t.at("/containers/0/runtimeId").asText(), host);
        }
        assertThat(perHost).containsEntry("h1", 2).containsEntry("h2", 2);
        for (int i = 0; i < 2; i++) {
            String host = "h" + (i + 1);
            String ids = hosts.get(i).docker("ps", "-q", "--no-trunc", "--filter", "label=com.amazonaws.ecs.cluster=" + CLUSTER);
            Set<String> expected = new HashSet<>();
            hostOfContainer.forEach((id, h) -> { if (h.equals(host)) expected.add(id); });
            assertThat(Set.of(ids.split("\\s+"))).as("containers in the engine of " + host).isEqualTo(expected);
        }
        assertThat(Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.cluster=" + CLUSTER)).as("nothing on the root engine").isEmpty();

        // Targets are the instances (by instance id) with their host ports; the load balancer checks them on their hosts.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode health = aws.run("elbv2", "describe-target-health", "--target-group-arn", tg).ok().at("/TargetHealthDescriptions");
            int healthy = 0;
            for (JsonNode h : health) if ("healthy".equals(h.at("/TargetHealth/State").asText())) healthy++;
            return health.size() == 4 && healthy == 4;
        });
        Set<String> targetIds = new HashSet<>();
        aws.run("elbv2", "describe-target-health", "--target-group-arn", tg).ok().at("/TargetHealthDescriptions")
                .forEach(h -> targetIds.add(h.at("/Target/Id").asText()));
        assertThat(targetIds).containsExactlyInAnyOrder("h1", "h2");

        // Cloud Map: each task at its host's address and host port.
        String serviceId = registry.substring(registry.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> aws.run("servicediscovery", "list-instances", "--service-id", serviceId).ok().at("/Instances").size() == 4);
        Map<String, String> addressOfTask = new HashMap<>();
        aws.run("servicediscovery", "list-instances", "--service-id", serviceId).ok().at("/Instances")
                .forEach(i -> addressOfTask.put(i.at("/Id").asText(), i.at("/Attributes/AWS_INSTANCE_IPV4").asText()));
        for (JsonNode t : tasks) {
            String arn = t.at("/taskArn").asText();
            int hostIndex = "h1".equals(hostOfInstanceArn.get(t.at("/containerInstanceArn").asText())) ? 0 : 1;
            assertThat(addressOfTask.get(arn.substring(arn.lastIndexOf('/') + 1))).isEqualTo(hosts.get(hostIndex).address());
        }

        // Requests on the loopback listener reach tasks on both hosts, every one answered.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, Integer> answeredBy = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            String hostname = r.body().trim();
            String host = hostOfContainer.entrySet().stream().filter(e -> e.getKey().startsWith(hostname)).map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError("answer from an unknown container: " + hostname));
            answeredBy.merge(host, 1, Integer::sum);
        }
        assertThat(answeredBy.keySet()).containsExactlyInAnyOrder("h1", "h2");
    }
}
