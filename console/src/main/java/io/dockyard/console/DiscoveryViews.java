package io.dockyard.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The service discovery page: Cloud Map namespaces, their services, and each service's instances with their health. */
public final class DiscoveryViews {
    public record Namespace(String name, String id, String type, List<Service> services) {}

    public record Service(String name, String id, String arn, List<Instance> instances) {}

    public record Instance(String id, String address, String port, String health) {}

    private DiscoveryViews() {}

    static Map<String, Object> read(Reads reads) {
        Map<String, List<Service>> byNamespace = new LinkedHashMap<>();
        for (JsonNode s : reads.every("servicediscovery", "ListServices", Map.of(), "Services", 10_000)) {
            String id = Views.text(s, "Id");
            Map<String, String> health = new LinkedHashMap<>();
            reads.ecsLike("servicediscovery", "GetInstancesHealthStatus", Map.of("ServiceId", id)).path("Status")
                    .properties().forEach(e -> health.put(e.getKey(), e.getValue().asText()));
            List<Instance> instances = new ArrayList<>();
            for (JsonNode i : reads.every("servicediscovery", "ListInstances", Map.of("ServiceId", id), "Instances", 10_000)) {
                JsonNode a = i.path("Attributes");
                String iid = Views.text(i, "Id");
                instances.add(new Instance(iid, Views.text(a, "AWS_INSTANCE_IPV4"), Views.text(a, "AWS_INSTANCE_PORT"), health.getOrDefault(iid, "")));
            }
            JsonNode described = reads.ecsLike("servicediscovery", "GetService", Map.of("Id", id)).path("Service");
            byNamespace.computeIfAbsent(Views.text(described, "NamespaceId"), k -> new ArrayList<>())
                    .add(new Service(Views.text(s, "Name"), id, Views.text(s, "Arn"), instances));
        }
        List<Namespace> namespaces = new ArrayList<>();
        for (JsonNode n : reads.every("servicediscovery", "ListNamespaces", Map.of(), "Namespaces", 10_000)) {
            String id = Views.text(n, "Id");
            namespaces.add(new Namespace(Views.text(n, "Name"), id, Views.text(n, "Type"), byNamespace.getOrDefault(id, List.of())));
        }
        return Map.of("namespaces", namespaces);
    }
}
