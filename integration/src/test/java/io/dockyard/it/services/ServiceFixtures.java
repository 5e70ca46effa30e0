package io.dockyard.it.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Task definitions and reads shared by the service tests. */
final class ServiceFixtures {
    private ServiceFixtures() {}

    /** Registers {@code family} with one busybox container running {@code command}; returns its ARN. */
    static String register(AwsCli aws, String family, String command) {
        String defs = "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"essential\":true,"
                + "\"command\":[\"sh\",\"-c\",\"" + command + "\"]}]";
        return aws.run("ecs", "register-task-definition", "--family", family, "--container-definitions", defs).ok()
                .at("/taskDefinition/taskDefinitionArn").asText();
    }

    static JsonNode service(AwsCli aws, String cluster, String service) {
        return aws.run("ecs", "describe-services", "--cluster", cluster, "--services", service).ok().at("/services/0");
    }

    /** The service's tasks that are RUNNING, with their task definition ARNs. */
    static List<JsonNode> running(AwsCli aws, String cluster, String service) {
        JsonNode arns = aws.run("ecs", "list-tasks", "--cluster", cluster, "--service-name", service).ok().at("/taskArns");
        List<JsonNode> out = new ArrayList<>();
        if (arns.isEmpty()) return out;
        List<String> args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", cluster, "--tasks"));
        arns.forEach(a -> args.add(a.asText()));
        aws.run(args.toArray(String[]::new)).ok().at("/tasks").forEach(t -> {
            if ("RUNNING".equals(t.at("/lastStatus").asText())) out.add(t);
        });
        return out;
    }

    /** Waits until exactly {@code n} tasks of {@code taskDefinitionArn} run and the primary deployment is COMPLETED. */
    static void awaitSteady(AwsCli aws, String cluster, String service, int n, String taskDefinitionArn, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<JsonNode> tasks = running(aws, cluster, service);
            JsonNode primary = service(aws, cluster, service).at("/deployments/0");
            return tasks.size() == n && tasks.stream().allMatch(t -> t.at("/taskDefinitionArn").asText().equals(taskDefinitionArn))
                    && "COMPLETED".equals(primary.at("/rolloutState").asText());
        });
    }

    /** Containers Docker runs for a cluster (by the ECS agent's label). */
    static List<String> containers(String cluster) {
        String out = Docker.docker("ps", "-q", "--filter", "label=com.amazonaws.ecs.cluster=" + cluster);
        return out == null || out.isBlank() ? List.of() : List.of(out.split("\\s+"));
    }
}
