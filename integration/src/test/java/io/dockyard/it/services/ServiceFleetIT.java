package io.dockyard.it.services;

import org.junit.jupiter.api.parallel.ResourceLock;
import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AgentProcess;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.EcsWire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.dockyard.it.services.ServiceFixtures.awaitSteady;
import static io.dockyard.it.services.ServiceFixtures.register;
import static io.dockyard.it.services.ServiceFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Services over several container instances: a control plane with its local agent plus standalone
 * {@code dockyard agent} processes; DAEMON placement, DRAINING, a silent agent's tasks replaced, and a
 * control plane killed with SIGKILL in the middle of a deployment.
 */
@ResourceLock("cluster:fleet")
class ServiceFleetIT {
    private static DockyardProcess dockyard;
    private static final List<AgentProcess> agents = new ArrayList<>();

    @BeforeAll
    static void start() {
        Docker.ensureTestImage();
        dockyard = new DockyardProcess().env("DOCKYARD_AGENT_TIMEOUT_SECONDS", "2").env("DOCKYARD_TASK_LOST_SECONDS", "3").start();
    }

    @AfterAll
    static void stop() {
        try {
            dockyard.reset();
        } finally {
            agents.forEach(AgentProcess::close);
            dockyard.close();
        }
        ServiceFixtures.removeContainers(List.of("fleet", "crash"));
    }

    private static List<String> instances(AwsCli aws, String cluster) {
        List<String> out = new ArrayList<>();
        new EcsWire(aws.endpoint()).call("ListContainerInstances", Map.of("cluster", cluster)).at("/containerInstanceArns").forEach(a -> out.add(a.asText()));
        return out;
    }

    private static String instanceNamed(AwsCli aws, String cluster, String name) {
        List<String> args = new ArrayList<>(List.of("ecs", "describe-container-instances", "--cluster", cluster, "--container-instances"));
        args.addAll(instances(aws, cluster));
        for (JsonNode i : aws.run(args.toArray(String[]::new)).ok().at("/containerInstances")) {
            if (i.at("/ec2InstanceId").asText().equals(name)) return i.at("/containerInstanceArn").asText();
        }
        throw new AssertionError("no instance " + name);
    }

    /** The instances the service's running tasks are on. */
    private static Set<String> hosts(AwsCli aws, String cluster, String service) {
        Set<String> hosts = new HashSet<>();
        running(aws, cluster, service).forEach(t -> hosts.add(t.at("/containerInstanceArn").asText()));
        return hosts;
    }

    @Test
    void daemonFollowsInstancesDrainingMovesServiceTasksAndLostTasksAreReplaced() {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String cluster = "fleet";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        agents.add(AgentProcess.start(dockyard.endpoint(), cluster, "b", 1024, 1024, "us-east-1b"));
        agents.add(AgentProcess.start(dockyard.endpoint(), cluster, "c", 1024, 1024, "us-east-1c"));
        await().atMost(Duration.ofSeconds(30)).until(() -> instances(aws, cluster).size() == 3);
        assertThat(aws.run("ecs", "list-container-instances", "--cluster", cluster, "--filter", "attribute:ecs.availability-zone in [us-east-1b, us-east-1c]")
                .ok().at("/containerInstanceArns").size()).isEqualTo(2);

        String daemonTd = register(aws, "fleetdaemon", "sleep 3600");
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "logs", "--task-definition", "fleetdaemon",
                "--scheduling-strategy", "DAEMON").ok();
        awaitSteady(aws, cluster, "logs", 3, daemonTd, Duration.ofSeconds(60));
        assertThat(hosts(aws, cluster, "logs")).hasSize(3);

        // A DAEMON service with a memberOf constraint runs only on the instances that match it.
        String b0 = instanceNamed(aws, cluster, "b"), c0 = instanceNamed(aws, cluster, "c");
        for (String web : List.of(b0, c0)) {
            aws.run("ecs", "put-attributes", "--cluster", cluster, "--attributes", "name=role,value=web,targetId=" + web).ok();
        }
        String webTd = register(aws, "fleetwebdaemon", "sleep 3600");
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "webd", "--task-definition", "fleetwebdaemon",
                "--scheduling-strategy", "DAEMON", "--placement-constraints", "type=memberOf,expression=attribute:role == web").ok();
        awaitSteady(aws, cluster, "webd", 2, webTd, Duration.ofSeconds(60));
        assertThat(hosts(aws, cluster, "webd")).containsExactlyInAnyOrder(b0, c0);
        assertThat(ServiceFixtures.service(aws, cluster, "webd").at("/events").toString()).doesNotContain("unable to place");
        // c stops matching: its task leaves, b keeps its own.
        aws.run("ecs", "delete-attributes", "--cluster", cluster, "--attributes", "name=role,targetId=" + c0).ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> hosts(aws, cluster, "webd").equals(Set.of(b0)));
        awaitSteady(aws, cluster, "webd", 1, webTd, Duration.ofSeconds(60));
        aws.run("ecs", "delete-service", "--cluster", cluster, "--service", "webd", "--force").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> aws.run("ecs", "list-tasks", "--cluster", cluster, "--family", "fleetwebdaemon",
                "--desired-status", "RUNNING").ok().at("/taskArns").isEmpty());

        String appTd = register(aws, "fleetapp", "sleep 3600");
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "app", "--task-definition", "fleetapp",
                "--desired-count", "3", "--placement-strategy", "type=spread,field=instanceId").ok();
        awaitSteady(aws, cluster, "app", 3, appTd, Duration.ofSeconds(60));
        assertThat(hosts(aws, cluster, "app")).hasSize(3);

        // Draining b: its daemon task goes, its app task is replaced elsewhere; nothing new lands on b.
        String b = instanceNamed(aws, cluster, "b");
        aws.run("ecs", "update-container-instances-state", "--cluster", cluster, "--container-instances", b, "--status", "DRAINING").ok();
        await().atMost(Duration.ofSeconds(60)).until(() -> running(aws, cluster, "logs").size() == 2
                && running(aws, cluster, "logs").stream().noneMatch(t -> t.at("/containerInstanceArn").asText().equals(b))
                && running(aws, cluster, "app").stream().noneMatch(t -> t.at("/containerInstanceArn").asText().equals(b)));
        awaitSteady(aws, cluster, "app", 3, appTd, Duration.ofSeconds(60));
        aws.run("ecs", "update-container-instances-state", "--cluster", cluster, "--container-instances", b, "--status", "ACTIVE").ok();
        awaitSteady(aws, cluster, "app", 3, appTd, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).until(() -> running(aws, cluster, "logs").size() == 3);

        // Agent c goes silent: its instance shows disconnected, its tasks count as lost and the daemon shrinks.
        String c = instanceNamed(aws, cluster, "c");
        agents.get(1).kill9();
        await().atMost(Duration.ofSeconds(30)).until(() -> !new EcsWire(aws.endpoint()).call("DescribeContainerInstances",
                Map.of("cluster", cluster, "containerInstances", List.of(c))).at("/containerInstances/0/agentConnected").asBoolean());
        await().atMost(Duration.ofSeconds(60)).until(() -> running(aws, cluster, "logs").size() == 2
                && running(aws, cluster, "logs").stream().noneMatch(t -> t.at("/containerInstanceArn").asText().equals(c)));
        await().atMost(Duration.ofSeconds(60)).until(() -> running(aws, cluster, "app").size() == 3
                && running(aws, cluster, "app").stream().noneMatch(t -> t.at("/containerInstanceArn").asText().equals(c)));
        JsonNode lost = aws.run("ecs", "list-tasks", "--cluster", cluster, "--container-instance", c, "--desired-status", "STOPPED").ok().at("/taskArns");
        assertThat(lost.size()).isGreaterThanOrEqualTo(2);
        List<String> lostArns = new ArrayList<>();
        lost.forEach(t -> lostArns.add(t.asText()));
        JsonNode lostTasks = new EcsWire(aws.endpoint()).call("DescribeTasks", Map.of("cluster", cluster, "tasks", lostArns)).at("/tasks");
        List<String> reasons = new ArrayList<>();
        lostTasks.forEach(t -> reasons.add(t.at("/stoppedReason").asText()));
        assertThat(reasons).anyMatch(r -> r.startsWith("Task lost"));
        // The dead agent's containers outlive it: remove them, as an operator would, then deregister the instance.
        lost.forEach(t -> Docker.docker("rm", "-f", Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.task-arn=" + t.asText())));
        aws.run("ecs", "deregister-container-instance", "--cluster", cluster, "--container-instance", c, "--force").ok();
        assertThat(instances(aws, cluster)).hasSize(2);

        // A task too big for any instance: the service reports it as ECS does.
        String huge = aws.run("ecs", "register-task-definition", "--family", "fleethuge", "--container-definitions",
                "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":900000,\"command\":[\"sleep\",\"1\"]}]").ok()
                .at("/taskDefinition/taskDefinitionArn").asText();
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "huge", "--task-definition", huge, "--desired-count", "1").ok();
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceFixtures.service(aws, cluster, "huge").at("/events").toString()
                .contains("was unable to place a task because no container instance met all of its requirements"));
        assertThat(ServiceFixtures.service(aws, cluster, "huge").at("/events").toString()).contains("insufficient memory");
    }

    @Test
    void controlPlaneKilledMidDeploymentFinishesItWithoutDuplicates() {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        String cluster = "crash";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String v1 = register(aws, "crashweb", "sleep 3600");
        String v2 = register(aws, "crashweb", "echo v2; sleep 3600");
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "web", "--task-definition", "crashweb:1",
                "--desired-count", "4", "--deployment-configuration", "minimumHealthyPercent=50,maximumPercent=100").ok();
        awaitSteady(aws, cluster, "web", 4, v1, Duration.ofSeconds(60));
        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "web", "--task-definition", "crashweb:2").ok();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                running(aws, cluster, "web").stream().anyMatch(t -> t.at("/taskDefinitionArn").asText().equals(v2)));
        dockyard.kill9();
        dockyard.start();
        awaitSteady(aws, cluster, "web", 4, v2, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(30)).until(() -> ServiceFixtures.containers(cluster).size() == 4);
        List<JsonNode> tasks = running(aws, cluster, "web");
        Set<String> runtimeIds = new HashSet<>();
        tasks.forEach(t -> runtimeIds.add(t.at("/containers/0/runtimeId").asText()));
        assertThat(runtimeIds).hasSize(4).allMatch(id -> ServiceFixtures.containers(cluster).stream().anyMatch(id::startsWith));
    }
}
