package io.dockyard.core.model;

import io.dockyard.core.Doc;

import java.util.List;
import java.util.Map;

/** The typed view of a task definition document: what placement and the agent interpret. */
public record TaskDefinitionSpec(
        String family,
        String networkMode,
        String cpu,
        String memory,
        List<String> requiresCompatibilities,
        List<ContainerSpec> containers,
        List<Map<String, Object>> volumes,
        String pidMode,
        String ipcMode) {

    public static TaskDefinitionSpec parse(Map<String, Object> doc) {
        List<ContainerSpec> containers = Doc.maps(doc, "containerDefinitions").stream().map(ContainerSpec::parse).toList();
        String mode = Doc.str(doc, "networkMode");
        return new TaskDefinitionSpec(
                Doc.str(doc, "family"),
                mode == null ? "bridge" : mode,
                Doc.str(doc, "cpu"),
                Doc.str(doc, "memory"),
                Doc.strings(doc, "requiresCompatibilities"),
                containers,
                Doc.maps(doc, "volumes"),
                Doc.str(doc, "pidMode"),
                Doc.str(doc, "ipcMode"));
    }

    public ContainerSpec container(String name) {
        return containers.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
