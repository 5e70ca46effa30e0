package io.dockyard.it.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.OwnDockyard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local instance provider's hosts of their own: each instance of an Auto Scaling group is a network namespace with a
 * Docker Engine of its own and an agent inside it. The group's two hosts join the cluster through their veth pairs, pull
 * the task's image from Dockyard's registry by its {@code localhost:<port>} name, run the tasks in their own engines, and
 * answer on their own addresses; scaling in removes the namespaces.
 */
class HostNamespacesIT {
    @RegisterExtension
    static final OwnDockyard dockyard = new OwnDockyard("--dns-address", "off").withTestImage()
            .env("DOCKYARD_INSTANCE_NETWORK", "namespace").env("DOCKYARD_INSTANCE_SUBNET", "10.213.0.0/16");

    @Test
    void eachInstanceIsAHostOfItsOwn() throws Exception {
        AwsCli aws = dockyard.cli();
        String image = "localhost:" + dockyard.process().port() + "/ns/web:1";
        aws.run("ecr", "create-repository", "--repository-name", "ns/web").ok();
        Path config = Files.createTempDirectory("docker-config-");
        Map<String, String> env = Map.of("DOCKER_CONFIG", config.toString());
        Cmd.run(env, aws.run("ecr", "get-login-password").stdout().strip(), "docker", "login", "--username", "AWS", "--password-stdin",
                "localhost:" + dockyard.process().port()).ok();
        Cmd.run(env, null, "docker", "tag", Docker.BUSYBOX, image).ok();
        Cmd.run(env, null, "docker", "push", image).ok();

        aws.run("autoscaling", "create-auto-scaling-group", "--auto-scaling-group-name", "ns-hosts", "--launch-template", "LaunchTemplateName=dockyard-host",
                "--min-size", "0", "--max-size", "2", "--desired-capacity", "0", "--tags", "Key=dockyard:cpu,Value=512", "Key=dockyard:memory,Value=512").ok();
        String groupArn = aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "ns-hosts").ok()
                .at("/AutoScalingGroups/0/AutoScalingGroupARN").asText();
        aws.run("ecs", "create-capacity-provider", "--name", "ns-cp", "--auto-scaling-group-provider", "autoScalingGroupArn=" + groupArn
                + ",managedScaling={status=DISABLED},managedTerminationProtection=DISABLED").ok();
        aws.run("ecs", "create-cluster", "--cluster-name", "ns", "--capacity-providers", "ns-cp", "--default-capacity-provider-strategy",
                "capacityProvider=ns-cp,weight=1").ok();

        List<String> before = namespaces(); // another control plane's hosts on this machine, if any
        Instant asked = Instant.now();
        aws.run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "ns-hosts", "--desired-capacity", "2").ok();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> groupInstances(aws).size() == 2);
        System.out.printf("two hosts of their own (namespace, dockerd, agent) registered %d ms after set-desired-capacity%n",
                Duration.between(asked, Instant.now()).toMillis());
        List<String> namespaces = new ArrayList<>(namespaces());
        namespaces.removeAll(before);
        assertThat(namespaces).hasSize(2);

        aws.run("ecs", "register-task-definition", "--family", "ns-web", "--network-mode", "bridge", "--container-definitions",
                "[{\"name\":\"web\",\"image\":\"" + image + "\",\"cpu\":384,\"memory\":64,\"stopTimeout\":1,"
                        + "\"command\":[\"sh\",\"-c\",\"hostname > /tmp/index.html && httpd -f -p 8080 -h /tmp\"],"
                        + "\"portMappings\":[{\"containerPort\":8080,\"hostPort\":0}]}]").ok();
        JsonNode run = aws.run("ecs", "run-task", "--cluster", "ns", "--task-definition", "ns-web", "--count", "2").ok();
        assertThat(run.at("/failures")).as(run.toString()).isEmpty();
        List<String> tasks = new ArrayList<>();
        run.at("/tasks").forEach(t -> tasks.add(t.at("/taskArn").asText()));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (JsonNode t : describe(aws, tasks)) if (!"RUNNING".equals(t.at("/lastStatus").asText())) return false;
            return true;
        });

        // each task runs in the engine of its own host (384 of 512 units: one per host), pulled from the registry,
        // and answers at that host's address
        Set<String> used = new HashSet<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (JsonNode t : describe(aws, tasks)) {
            String arn = t.at("/taskArn").asText();
            String ns = namespaces.stream().filter(n -> !engine(n, "ps", "-q", "--filter", "label=com.amazonaws.ecs.task-arn=" + arn).isBlank())
                    .findFirst().orElseThrow(() -> new AssertionError("no host's engine runs " + arn));
            used.add(ns);
            assertThat(Docker.docker("ps", "-q", "--filter", "label=com.amazonaws.ecs.task-arn=" + arn)).as("not on this machine's engine").isBlank();
            int port = t.at("/containers/0/networkBindings/0/hostPort").asInt();
            String address = address(ns);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isNotBlank();
            JsonNode instance = aws.run("ecs", "describe-container-instances", "--cluster", "ns", "--container-instances",
                    t.at("/containerInstanceArn").asText()).ok().at("/containerInstances/0");
            assertThat(instance.toString()).as("the instance's address is its host's").contains(address);
        }
        assertThat(used).hasSize(2);

        // scaling in removes the hosts: their namespaces, links and engines (standalone tasks keep a draining host: stopped first)
        for (String t : tasks) aws.run("ecs", "stop-task", "--cluster", "ns", "--task", t).ok();
        aws.run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "ns-hosts", "--desired-capacity", "0").ok();
        // the namespace goes first, then the veth pair, then the run directory: wait for all three
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(namespaces()).doesNotContainAnyElementsOf(namespaces);
            for (String ns : namespaces) {
                assertThat(Cmd.run(Map.of(), null, "ip", "link", "show", ns + "a").exit()).as("veth " + ns + "a").isNotZero();
                assertThat(Path.of("/run", ns)).doesNotExist();
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> aws.run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "ns-hosts")
                .ok().at("/AutoScalingGroups/0/Instances").isEmpty());
        Cmd.run(env, null, "docker", "rmi", image);
    }

    /** The cluster's container instances that are the group's EC2 instances (the embedded agent's is not). */
    private static List<JsonNode> groupInstances(AwsCli aws) {
        List<String> args = new ArrayList<>(List.of("ecs", "describe-container-instances", "--cluster", "ns", "--container-instances"));
        aws.run("ecs", "list-container-instances", "--cluster", "ns").ok().at("/containerInstanceArns").forEach(a -> args.add(a.asText()));
        List<JsonNode> out = new ArrayList<>();
        if (args.size() == 6) return out;
        aws.run(args.toArray(String[]::new)).ok().at("/containerInstances").forEach(i -> {
            if (i.at("/ec2InstanceId").asText().startsWith("i-")) out.add(i);
        });
        return out;
    }

    /** Scales the group in (best effort) so that a failed run leaves no hosts behind. */
    @AfterAll
    static void removeHosts() {
        dockyard.cli().run("ecs", "list-tasks", "--cluster", "ns").json().at("/taskArns")
                .forEach(t -> dockyard.cli().run("ecs", "stop-task", "--cluster", "ns", "--task", t.asText()));
        dockyard.cli().run("autoscaling", "set-desired-capacity", "--auto-scaling-group-name", "ns-hosts", "--desired-capacity", "0");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> dockyard.cli()
                    .run("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "ns-hosts").ok().at("/AutoScalingGroups/0/Instances").isEmpty());
        } catch (RuntimeException e) {
            System.out.println("hosts left: " + namespaces());
        }
    }

    private static List<JsonNode> describe(AwsCli aws, List<String> tasks) {
        List<String> args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", "ns", "--tasks"));
        args.addAll(tasks);
        List<JsonNode> out = new ArrayList<>();
        aws.run(args.toArray(String[]::new)).ok().at("/tasks").forEach(out::add);
        return out;
    }

    /** The hosts' namespaces ({@code dyh-<slot>}) on this machine. */
    private static List<String> namespaces() {
        List<String> out = new ArrayList<>();
        for (String line : Cmd.run(Map.of(), null, "ip", "netns", "list").ok().out().split("\n")) {
            String n = line.trim().split("\\s+")[0];
            if (n.startsWith("dyh-")) out.add(n);
        }
        return out;
    }

    /** {@code docker args} against the engine of host {@code ns}. */
    private static String engine(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", "unix:///run/" + ns + "/docker.sock"));
        cmd.addAll(List.of(args));
        return Cmd.run(Map.of(), null, cmd.toArray(String[]::new)).ok().out().strip();
    }

    /** The address of host {@code dyh-<slot>}: the second of its /30 in 10.213.0.0/16. */
    private static String address(String ns) {
        int offset = Integer.parseInt(ns.substring("dyh-".length())) * 4 + 2;
        return "10.213." + (offset / 256) + "." + (offset % 256);
    }
}
