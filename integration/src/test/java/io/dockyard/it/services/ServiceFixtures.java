package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.EcsWire;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Task definitions and reads shared by the service tests. */
final class ServiceFixtures {
    private ServiceFixtures() {}

    /** Registers {@code family} with one busybox container running {@code command}; returns its ARN. */
    static String register(AwsCli aws, String family, String command) {
        String defs = "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"essential\":true,\"stopTimeout\":2,"
                + "\"command\":[\"sh\",\"-c\",\"" + command + "\"]}]";
        return aws.run("ecs", "register-task-definition", "--family", family, "--container-definitions", defs).ok()
                .at("/taskDefinition/taskDefinitionArn").asText();
    }

    static JsonNode service(AwsCli aws, String cluster, String service) {
        return new EcsWire(aws.endpoint()).call("DescribeServices", Map.of("cluster", cluster, "services", List.of(service))).at("/services/0");
    }

    /** The service's tasks that are RUNNING, with their task definition ARNs. */
    static List<JsonNode> running(AwsCli aws, String cluster, String service) {
        EcsWire ecs = new EcsWire(aws.endpoint());
        JsonNode arns = ecs.call("ListTasks", Map.of("cluster", cluster, "serviceName", service)).at("/taskArns");
        List<JsonNode> out = new ArrayList<>();
        if (arns.isEmpty()) return out;
        List<String> ids = new ArrayList<>();
        arns.forEach(a -> ids.add(a.asText()));
        ecs.call("DescribeTasks", Map.of("cluster", cluster, "tasks", ids)).at("/tasks").forEach(t -> {
            if ("RUNNING".equals(t.at("/lastStatus").asText())) out.add(t);
        });
        return out;
    }

    /** Waits until exactly {@code n} tasks of {@code taskDefinitionArn} run and the primary deployment is COMPLETED. */
    static void awaitSteady(AwsCli aws, String cluster, String service, int n, String taskDefinitionArn, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<JsonNode> tasks = running(aws, cluster, service);
            JsonNode primary = service(aws, cluster, service).at("/deployments/0");
            return tasks.size() == n && tasks.stream().allMatch(t -> t.at("/taskDefinitionArn").asText().equals(taskDefinitionArn))
                    && "COMPLETED".equals(primary.at("/rolloutState").asText());
        });
    }

    /** Every container, running or not, Docker holds for a cluster. */
    static List<String> allContainers(String cluster) {
        String out = Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.cluster=" + cluster);
        return out == null || out.isBlank() ? List.of() : List.of(out.split("\\s+"));
    }

    /** Removes whatever containers of these clusters are left (a dead agent's, a failed test's): they are the calling test's own. */
    static void removeContainers(List<String> clusters) {
        for (String cluster : clusters) {
            List<String> left = allContainers(cluster);
            if (left.isEmpty()) continue;
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(left);
            Docker.docker(rm.toArray(String[]::new));
        }
    }

    /** Containers Docker runs for a cluster (by the ECS agent's label). */
    static List<String> containers(String cluster) {
        String out = Docker.docker("ps", "-q", "--filter", "label=com.amazonaws.ecs.cluster=" + cluster);
        return out == null || out.isBlank() ? List.of() : List.of(out.split("\\s+"));
    }
}
