package io.dockyard.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockyard.core.AwsException;
import io.dockyard.protocol.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console's forms do: each action turns its fields into the input of one API operation and calls it through
 * {@link Api} (the same validation, errors and authorization as the API). Answers {@code {"go": url}} to move the page
 * or {@code {"message": text}} to stay.
 */
final class Actions {
    private final Api api;
    private final Session session;

    Actions(Api api, Session session) {
        this.api = api;
        this.session = session;
    }

    /** A form field the console itself found wrong before any call (not parseable as the API needs it). */
    static final class FieldError extends RuntimeException {
        private final String field;

        FieldError(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() { return field; }

        String code() { return "InvalidParameterException"; }
    }

    Map<String, Object> run(String name, Map<String, String> f) {
        return switch (name) {
            case "create-cluster" -> createCluster(f);
            case "register-task-definition" -> registerTaskDefinition(f);
            case "create-service" -> createService(f);
            case "update-service" -> updateService(f);
            case "delete-service" -> deleteService(f);
            case "stop-task" -> stopTask(f);
            case "drain-instance" -> drainInstance(f);
            case "lifecycle-preview" -> lifecyclePreview(f);
            default -> throw new AwsException("UnknownOperationException", 404, "The console has no action " + name + ".");
        };
    }

    private Map<String, Object> createCluster(Map<String, String> f) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("clusterName", f.getOrDefault("clusterName", ""));
        if ("on".equals(f.get("containerInsights"))) in.put("settings", List.of(Map.of("name", "containerInsights", "value", "enabled")));
        ObjectNode out = api.call(session, "ecs", "CreateCluster", in);
        return Map.of("go", Fmt.clusterPath(out.path("cluster").path("clusterName").asText()));
    }

    private Map<String, Object> registerTaskDefinition(Map<String, String> f) {
        Map<String, Object> in = "json".equals(f.get("mode")) ? json(f.getOrDefault("json", "")) : TaskDefinitionForm.input(f);
        ObjectNode out = api.call(session, "ecs", "RegisterTaskDefinition", in);
        String family = out.path("taskDefinition").path("family").asText();
        return Map.of("go", "/console/task-definitions?registered=" + Fmt.url(family + ":" + out.path("taskDefinition").path("revision").asText()));
    }

    private Map<String, Object> createService(Map<String, String> f) {
        String cluster = f.getOrDefault("cluster", "");
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("cluster", cluster);
        in.put("serviceName", f.getOrDefault("serviceName", ""));
        in.put("taskDefinition", f.getOrDefault("taskDefinition", ""));
        in.put("desiredCount", integer(f, "desiredCount", 1));
        String capacity = f.getOrDefault("capacityProvider", "").trim();
        if (!capacity.isEmpty()) in.put("capacityProviderStrategy", List.of(Map.of("capacityProvider", capacity, "weight", 1)));
        else if (!f.getOrDefault("launchType", "").isBlank()) in.put("launchType", f.get("launchType"));
        Map<String, Object> deployment = new LinkedHashMap<>();
        deployment.put("minimumHealthyPercent", integer(f, "minimumHealthyPercent", 100));
        deployment.put("maximumPercent", integer(f, "maximumPercent", 200));
        String strategy = f.getOrDefault("strategy", "ROLLING");
        if (!strategy.isBlank() && !"ROLLING".equals(strategy)) deployment.put("strategy", strategy);
        if (f.containsKey("bakeTimeInMinutes") && !f.get("bakeTimeInMinutes").isBlank()) deployment.put("bakeTimeInMinutes", integer(f, "bakeTimeInMinutes", 0));
        if ("LINEAR".equals(strategy)) deployment.put("linearConfiguration", Map.of("stepPercent", number(f, "stepPercent", 10)));
        if ("CANARY".equals(strategy)) deployment.put("canaryConfiguration", Map.of("canaryPercent", number(f, "canaryPercent", 10)));
        if ("on".equals(f.get("circuitBreaker"))) deployment.put("deploymentCircuitBreaker", Map.of("enable", true, "rollback", "on".equals(f.get("rollback"))));
        in.put("deploymentConfiguration", deployment);
        String targetGroup = f.getOrDefault("targetGroupArn", "").trim();
        if (!targetGroup.isEmpty()) {
            Map<String, Object> lb = new LinkedHashMap<>();
            lb.put("targetGroupArn", targetGroup);
            lb.put("containerName", f.getOrDefault("containerName", ""));
            lb.put("containerPort", integer(f, "containerPort", 0));
            String alternate = f.getOrDefault("alternateTargetGroupArn", "").trim();
            if (!alternate.isEmpty()) {
                Map<String, Object> advanced = new LinkedHashMap<>();
                advanced.put("alternateTargetGroupArn", alternate);
                advanced.put("productionListenerRule", f.getOrDefault("productionListenerRule", "").trim());
                if (!f.getOrDefault("roleArn", "").isBlank()) advanced.put("roleArn", f.get("roleArn").trim());
                lb.put("advancedConfiguration", advanced);
            }
            in.put("loadBalancers", List.of(lb));
        }
        String registry = f.getOrDefault("registryArn", "").trim();
        if (!registry.isEmpty()) in.put("serviceRegistries", List.of(Map.of("registryArn", registry)));
        if ("on".equals(f.get("enableExecuteCommand"))) in.put("enableExecuteCommand", true);
        ObjectNode out = api.call(session, "ecs", "CreateService", in);
        return Map.of("go", Fmt.servicePath(cluster, out.path("service").path("serviceName").asText()));
    }

    private Map<String, Object> updateService(Map<String, String> f) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("cluster", f.getOrDefault("cluster", ""));
        in.put("service", f.getOrDefault("service", ""));
        if (!f.getOrDefault("taskDefinition", "").isBlank()) in.put("taskDefinition", f.get("taskDefinition"));
        if (!f.getOrDefault("desiredCount", "").isBlank()) in.put("desiredCount", integer(f, "desiredCount", 0));
        Map<String, Object> deployment = new LinkedHashMap<>();
        if (!f.getOrDefault("minimumHealthyPercent", "").isBlank()) deployment.put("minimumHealthyPercent", integer(f, "minimumHealthyPercent", 100));
        if (!f.getOrDefault("maximumPercent", "").isBlank()) deployment.put("maximumPercent", integer(f, "maximumPercent", 200));
        if (!deployment.isEmpty()) in.put("deploymentConfiguration", deployment);
        if ("on".equals(f.get("forceNewDeployment"))) in.put("forceNewDeployment", true);
        api.call(session, "ecs", "UpdateService", in);
        return Map.of("message", "Service updated.");
    }

    private Map<String, Object> deleteService(Map<String, String> f) {
        String cluster = f.getOrDefault("cluster", "");
        api.call(session, "ecs", "DeleteService", Map.of("cluster", cluster, "service", f.getOrDefault("service", ""), "force", true));
        return Map.of("go", Fmt.clusterPath(cluster));
    }

    private Map<String, Object> stopTask(Map<String, String> f) {
        String reason = f.getOrDefault("reason", "").isBlank() ? "Stopped from the console" : f.get("reason");
        api.call(session, "ecs", "StopTask", Map.of("cluster", f.getOrDefault("cluster", ""), "task", f.getOrDefault("task", ""), "reason", reason));
        return Map.of("message", "Task stopping.");
    }

    private Map<String, Object> drainInstance(Map<String, String> f) {
        api.call(session, "ecs", "UpdateContainerInstancesState", Map.of("cluster", f.getOrDefault("cluster", ""),
                "containerInstances", List.of(f.getOrDefault("containerInstance", "")), "status", "DRAINING"));
        return Map.of("message", "Instance draining.");
    }

    private Map<String, Object> lifecyclePreview(Map<String, String> f) {
        api.call(session, "ecr", "StartLifecyclePolicyPreview", Map.of("repositoryName", f.getOrDefault("repositoryName", "")));
        return Map.of("message", "Preview started: the images the policy would expire are listed below.");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        try {
            Object parsed = Json.MAPPER.readValue(text, Object.class);
            if (parsed instanceof Map<?, ?> m) return (Map<String, Object>) m;
        } catch (java.io.IOException e) {
            throw new FieldError("json", "The text is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        throw new FieldError("json", "The text must be a JSON object (the input of RegisterTaskDefinition).");
    }

    static int integer(Map<String, String> f, String field, int otherwise) {
        String v = f.getOrDefault(field, "").trim();
        if (v.isEmpty()) return otherwise;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new FieldError(field, "'" + v + "' is not a whole number.");
        }
    }

    static Object number(Map<String, String> f, String field, double otherwise) {
        String v = f.getOrDefault(field, "").trim();
        if (v.isEmpty()) return otherwise;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new FieldError(field, "'" + v + "' is not a number.");
        }
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        for (String l : text.split("\\R")) if (!l.isBlank()) out.add(l.strip());
        return out;
    }
}
