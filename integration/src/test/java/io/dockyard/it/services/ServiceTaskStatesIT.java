package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.EcsWire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.dockyard.it.services.ServiceFixtures.awaitSteady;
import static io.dockyard.it.services.ServiceFixtures.register;
import static io.dockyard.it.services.ServiceFixtures.running;
import static io.dockyard.it.services.ServiceFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service's counts and its tasks' states as containers really come and go: scale-in and a rolling
 * update of tasks whose containers take their stopTimeout (2 s) to stop, ten containers killed at
 * once, and a container removed from outside. Driven with the AWS CLI, watched with DescribeServices
 * and DescribeTasks (direct JSON calls: they are polled many times a second) and the docker CLI.
 */
class ServiceTaskStatesIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    /** A shell as PID 1 ignores SIGTERM: each container stops when its 2 s stopTimeout ends (SIGKILL). */
    private static final String IGNORES_SIGTERM = "sleep 3600";

    @Test
    void countsFollowTheTasksRealStatesThroughARollingUpdateAndScaleIn() {
        AwsCli aws = dockyard.cli();
        String cluster = "states-counts";
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String v1 = register(aws, "states", IGNORES_SIGTERM);
        String v2 = register(aws, "states", "echo v2; " + IGNORES_SIGTERM);
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", "counted", "--task-definition", "states:1",
                "--desired-count", "10", "--deployment-configuration", "minimumHealthyPercent=50,maximumPercent=150").ok();
        Sampler sampler = new Sampler(aws.endpoint(), cluster, "counted");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
            sampler.sample();
            return ServiceFixtures.containers(cluster).size() == 10 && running(aws, cluster, "counted").size() == 10;
        });
        awaitSteady(aws, cluster, "counted", 10, v1, Duration.ofSeconds(60));

        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "counted", "--task-definition", "states:2").ok();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            sampler.sample();
            JsonNode svc = service(aws, cluster, "counted");
            return svc.at("/deployments").size() == 1 && "COMPLETED".equals(svc.at("/deployments/0/rolloutState").asText())
                    && svc.at("/runningCount").asInt() == 10 && svc.at("/taskDefinition").asText().equals(v2);
        });

        long before = sampler.consistentSamples;
        aws.run("ecs", "update-service", "--cluster", cluster, "--service", "counted", "--desired-count", "0").ok();
        Instant scaledIn = Instant.now();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            sampler.sample();
            return ServiceFixtures.containers(cluster).isEmpty() && sampler.lastTasks.values().stream().allMatch("STOPPED"::equals);
        });
        JsonNode svc = service(aws, cluster, "counted");
        assertThat(svc.at("/runningCount").asInt()).isZero();
        assertThat(svc.at("/pendingCount").asInt()).isZero();

        // The counts always matched the tasks' states, the deployments' counts added up to the
        // service's, and the samples caught tasks between RUNNING and STOPPED during the scale-in.
        assertThat(sampler.violations).isEmpty();
        assertThat(sampler.consistentSamples).isGreaterThan(before + 3);
        assertThat(sampler.seenStopping).as("tasks seen DEACTIVATING/STOPPING while their containers stopped").isGreaterThan(0);
        // No task was STOPPED before its container was: SIGTERM is ignored, so each took its 2 s stopTimeout.
        EcsWire ecs = new EcsWire(aws.endpoint());
        List<String> stopped = new ArrayList<>();
        ecs.call("ListTasks", Map.of("cluster", cluster, "serviceName", "counted", "desiredStatus", "STOPPED")).at("/taskArns")
                .forEach(a -> stopped.add(a.asText()));
        assertThat(stopped).hasSizeGreaterThanOrEqualTo(20);
        for (JsonNode t : describe(ecs, cluster, stopped)) {
            double stopping = t.at("/stoppingAt").asDouble();
            double stoppedAt = t.at("/stoppedAt").asDouble();
            assertThat(stoppedAt - stopping).as("stoppingAt → stoppedAt of %s", t.at("/taskArn").asText()).isGreaterThanOrEqualTo(1.5);
            assertThat(t.at("/containers/0/lastStatus").asText()).isEqualTo("STOPPED");
            assertThat(t.at("/containers/0/exitCode").asInt()).isEqualTo(137);
        }
        assertThat(Duration.between(scaledIn, Instant.now())).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void tenContainersKilledAtOnceAreReplacedInParallel() {
        AwsCli aws = dockyard.cli();
        String cluster = "states-kill";
        steadyService(aws, cluster, "victims", 10);
        Set<String> killed = new HashSet<>();
        running(aws, cluster, "victims").forEach(t -> killed.add(t.at("/taskArn").asText()));

        // What the engine itself takes to start ten containers at once (this machine's floor).
        Duration engine = engineStartsTen();

        List<String> containers = ServiceFixtures.containers(cluster);
        assertThat(containers).hasSize(10);
        List<String> kill = new ArrayList<>(List.of("kill"));
        kill.addAll(containers);
        long t0 = System.nanoTime();
        assertThat(Docker.docker(kill.toArray(String[]::new))).isNotNull();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            List<JsonNode> now = running(aws, cluster, "victims");
            return now.size() == 10 && now.stream().noneMatch(t -> killed.contains(t.at("/taskArn").asText()));
        });
        Duration replaced = Duration.ofNanos(System.nanoTime() - t0);
        List<JsonNode> replacements = running(aws, cluster, "victims");
        double firstCreated = replacements.stream().mapToDouble(t -> t.at("/createdAt").asDouble()).min().orElseThrow();
        double lastCreated = replacements.stream().mapToDouble(t -> t.at("/createdAt").asDouble()).max().orElseThrow();
        System.out.printf("10 killed tasks replaced (RUNNING) in %d ms, created within %.0f ms of each other; "
                + "the engine starts 10 containers at once in %d ms%n", replaced.toMillis(), (lastCreated - firstCreated) * 1000, engine.toMillis());
        // In parallel: the ten replacements are created together, not one after another's start...
        assertThat(lastCreated - firstCreated).as("spread of the replacements' createdAt (s)").isLessThanOrEqualTo(2.0);
        // ...and all run within 2 s when the engine is fast; on a loaded machine within twice the
        // engine's own time for ten parallel starts (Dockyard also creates each container), plus 2 s.
        // One after another would take about ten single starts.
        Duration bound = Duration.ofSeconds(2).plus(engine.compareTo(Duration.ofSeconds(1)) > 0 ? engine.multipliedBy(2) : Duration.ZERO);
        assertThat(replaced).isLessThanOrEqualTo(bound);

        JsonNode victim = describe(new EcsWire(aws.endpoint()), cluster, List.of(killed.iterator().next())).get(0);
        assertThat(victim.at("/lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(victim.at("/stopCode").asText()).isEqualTo("EssentialContainerExited");
        assertThat(victim.at("/stoppedReason").asText()).isEqualTo("Essential container in task exited");
        assertThat(victim.at("/containers/0/exitCode").asInt()).isEqualTo(137);
    }

    @Test
    void aContainerRemovedFromOutsideStopsItsTaskWithTheReasonThatSaysSo() {
        AwsCli aws = dockyard.cli();
        String cluster = "states-removed";
        steadyService(aws, cluster, "removed", 1);
        String victim = running(aws, cluster, "removed").get(0).at("/taskArn").asText();
        String container = Docker.docker("ps", "-q", "--filter", "label=com.amazonaws.ecs.task-arn=" + victim);
        assertThat(Docker.docker("rm", "-f", container)).isNotNull();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<JsonNode> now = running(aws, cluster, "removed");
            return now.size() == 1 && !now.get(0).at("/taskArn").asText().equals(victim);
        });
        JsonNode t = aws.run("ecs", "describe-tasks", "--cluster", cluster, "--tasks", victim).ok().at("/tasks/0");
        assertThat(t.at("/lastStatus").asText()).isEqualTo("STOPPED");
        assertThat(t.at("/stopCode").asText()).isEqualTo("EssentialContainerExited");
        assertThat(t.at("/stoppedReason").asText()).isEqualTo("ContainerVanishedError: No container matching saved ID found");
        assertThat(t.at("/containers/0/reason").asText()).isEqualTo("ContainerVanishedError: No container matching saved ID found");
        assertThat(t.at("/containers/0/lastStatus").asText()).isEqualTo("STOPPED");
    }

    /** A cluster and a service of {@code count} tasks (family {@code cluster + "-" + service}) that reached a steady state. */
    private static void steadyService(AwsCli aws, String cluster, String service, int count) {
        aws.run("ecs", "create-cluster", "--cluster-name", cluster).ok();
        String family = cluster + "-" + service;
        String td = register(aws, family, IGNORES_SIGTERM);
        aws.run("ecs", "create-service", "--cluster", cluster, "--service-name", service, "--task-definition", family,
                "--desired-count", Integer.toString(count)).ok();
        awaitSteady(aws, cluster, service, count, td, Duration.ofSeconds(90));
    }

    private static Duration engineStartsTen() {
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                ids.add(Docker.docker("create", "--label", "dockyard-it=engine-floor", Docker.BUSYBOX, "sleep", "60"));
            }
            long t0 = System.nanoTime();
            CompletableFuture.allOf(ids.stream().map(id -> CompletableFuture.runAsync(() -> Docker.docker("start", id)))
                    .toArray(CompletableFuture[]::new)).join();
            return Duration.ofNanos(System.nanoTime() - t0);
        } finally {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids);
            Docker.docker(rm.toArray(String[]::new));
        }
    }

    private static List<JsonNode> describe(EcsWire ecs, String cluster, List<String> arns) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < arns.size(); i += 100) {
            ecs.call("DescribeTasks", Map.of("cluster", cluster, "tasks", arns.subList(i, Math.min(arns.size(), i + 100))))
                    .at("/tasks").forEach(out::add);
        }
        return out;
    }

    /**
     * Reads the tasks, the service, and the tasks again: when both task reads agree, the service's
     * runningCount/pendingCount and each deployment's must be what those task states say.
     */
    private static final class Sampler {
        final EcsWire ecs;
        final String cluster;
        final String service;
        final List<String> violations = new ArrayList<>();
        long consistentSamples;
        long seenStopping;
        Map<String, String> lastTasks = Map.of();

        Sampler(String endpoint, String cluster, String service) {
            this.ecs = new EcsWire(endpoint);
            this.cluster = cluster;
            this.service = service;
        }

        void sample() {
            Map<String, JsonNode> first = tasks();
            JsonNode svc = ecs.call("DescribeServices", Map.of("cluster", cluster, "services", List.of(service))).at("/services/0");
            Map<String, JsonNode> second = tasks();
            Map<String, String> states = new HashMap<>();
            second.forEach((arn, t) -> states.put(arn, t.at("/lastStatus").asText()));
            lastTasks = states;
            Map<String, String> firstStates = new HashMap<>();
            first.forEach((arn, t) -> firstStates.put(arn, t.at("/lastStatus").asText()));
            if (!firstStates.equals(states)) return;
            consistentSamples++;
            seenStopping += states.values().stream().filter(s -> s.equals("DEACTIVATING") || s.equals("STOPPING")).count();
            check("service", svc.at("/runningCount").asInt(), svc.at("/pendingCount").asInt(), second.values());
            int runningSum = 0;
            for (JsonNode d : svc.at("/deployments")) {
                String id = d.at("/id").asText();
                List<JsonNode> mine = second.values().stream().filter(t -> id.equals(t.at("/startedBy").asText())).toList();
                check("deployment " + id, d.at("/runningCount").asInt(), d.at("/pendingCount").asInt(), mine);
                runningSum += d.at("/runningCount").asInt();
            }
            if (runningSum != svc.at("/runningCount").asInt()) violations.add("deployments' runningCount add up to " + runningSum + ", service says " + svc.at("/runningCount"));
        }

        private void check(String what, int running, int pending, Iterable<JsonNode> tasks) {
            int r = 0, p = 0;
            for (JsonNode t : tasks) {
                String s = t.at("/lastStatus").asText();
                if (s.equals("RUNNING")) r++;
                if (s.equals("PROVISIONING") || s.equals("PENDING") || s.equals("ACTIVATING")) p++;
            }
            if (r != running || p != pending) violations.add(what + ": runningCount " + running + " pendingCount " + pending + " but tasks say " + r + "/" + p);
        }

        private Map<String, JsonNode> tasks() {
            List<String> arns = new ArrayList<>();
            for (String desired : List.of("RUNNING", "STOPPED")) {
                ecs.call("ListTasks", Map.of("cluster", cluster, "serviceName", service, "desiredStatus", desired)).at("/taskArns")
                        .forEach(a -> arns.add(a.asText()));
            }
            Map<String, JsonNode> out = new HashMap<>();
            for (JsonNode t : describe(ecs, cluster, arns)) out.put(t.at("/taskArn").asText(), t);
            return out;
        }
    }
}
