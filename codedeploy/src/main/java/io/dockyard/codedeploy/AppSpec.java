package io.dockyard.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dockyard.core.AwsException;

/**
 * The ECS AppSpec of a deployment (YAML or JSON): the one {@code AWS::ECS::Service} target's task
 * definition and the container and port that receive the load balancer's traffic. Lifecycle
 * {@code Hooks} name Lambda functions, which Dockyard does not run: an AppSpec with hooks is refused.
 */
public record AppSpec(String taskDefinition, String containerName, int containerPort) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Parses and checks an AppSpec; InvalidRevisionException says what is wrong. */
    public static AppSpec parse(String content) {
        if (content == null || content.isBlank()) throw invalid("The AppSpec content is empty.");
        JsonNode root;
        try {
            root = YAML.readTree(content); // YAML 1.1 is a superset of JSON
        } catch (Exception e) {
            throw invalid("The AppSpec content is not valid YAML or JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw invalid("The AppSpec content must be a YAML or JSON object.");
        JsonNode resources = field(root, "Resources");
        if (resources == null || !resources.isArray() || resources.size() != 1) throw invalid("The AppSpec must have exactly one resource in Resources.");
        JsonNode target = resources.get(0);
        JsonNode service = target.isObject() && target.size() == 1 ? target.elements().next() : null;
        if (service == null || !"AWS::ECS::Service".equals(text(field(service, "Type")))) throw invalid("The AppSpec resource must be of Type AWS::ECS::Service.");
        JsonNode props = field(service, "Properties");
        String td = text(field(props, "TaskDefinition"));
        if (td == null || td.isBlank()) throw invalid("The AppSpec resource has no TaskDefinition.");
        JsonNode lb = field(props, "LoadBalancerInfo");
        String container = text(field(lb, "ContainerName"));
        JsonNode port = field(lb, "ContainerPort");
        if (container == null || port == null || !port.canConvertToInt() && !port.asText().matches("\\d+")) {
            throw invalid("The AppSpec resource needs LoadBalancerInfo with ContainerName and ContainerPort.");
        }
        JsonNode hooks = field(root, "Hooks");
        if (hooks != null && hooks.size() > 0) {
            throw new AwsException("InvalidRevisionException", 400, "AppSpec Hooks run AWS Lambda functions, which Dockyard does not run; remove the Hooks section.");
        }
        return new AppSpec(td, container, port.canConvertToInt() ? port.asInt() : Integer.parseInt(port.asText()));
    }

    private static JsonNode field(JsonNode n, String name) {
        if (n == null || !n.isObject()) return null;
        var it = n.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (f.equalsIgnoreCase(name)) return n.get(f);
        }
        return null;
    }

    private static String text(JsonNode n) { return n == null || n.isNull() || n.isContainerNode() ? null : n.asText(); }

    private static String firstLine(String s) { return s == null ? "" : s.lines().findFirst().orElse(""); }

    private static AwsException invalid(String m) { return new AwsException("InvalidRevisionException", 400, m); }
}
