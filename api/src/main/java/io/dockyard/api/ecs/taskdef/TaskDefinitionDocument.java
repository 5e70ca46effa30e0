package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.Doc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The task definition document kept for a revision: every RegisterTaskDefinition member as sent, except tags. */
final class TaskDefinitionDocument {
    private TaskDefinitionDocument() {}

    /** The members of RegisterTaskDefinitionRequest that become part of the task definition, in model order. */
    static final List<String> MEMBERS = List.of("family", "taskRoleArn", "executionRoleArn", "networkMode",
            "containerDefinitions", "volumes", "placementConstraints", "requiresCompatibilities", "cpu", "memory",
            "pidMode", "ipcMode", "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage",
            "runtimePlatform", "enableFaultInjection");

    /** A deep copy of the request's task definition members (unknown members are ignored, as AWS does). */
    static Map<String, Object> of(Map<String, Object> request) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : request.entrySet()) {
            if (MEMBERS.contains(e.getKey()) && e.getValue() != null) doc.put(e.getKey(), Doc.deepCopy(e.getValue()));
        }
        return doc;
    }
}
