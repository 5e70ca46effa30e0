package io.dockyard.api.ecs.taskdef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task definition document kept for a revision: every RegisterTaskDefinition member as sent, except
 * tags. What ECS itself changes is changed here too: members sent as JSON null are absent, empty role
 * ARNs are dropped, and task-level cpu/memory given as "1 vCPU"/"2 GB" become CPU units/MiB.
 */
public final class TaskDefinitionDocument {
    private TaskDefinitionDocument() {}

    /** The members of RegisterTaskDefinitionRequest that become part of the task definition. */
    static final List<String> MEMBERS = List.of("family", "taskRoleArn", "executionRoleArn", "networkMode",
            "containerDefinitions", "volumes", "placementConstraints", "requiresCompatibilities", "cpu", "memory",
            "pidMode", "ipcMode", "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage",
            "runtimePlatform", "enableFaultInjection");

    /** The document for a RegisterTaskDefinition request (unknown members are ignored, as AWS does). */
    public static Map<String, Object> of(Map<String, Object> request) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : request.entrySet()) {
            if (MEMBERS.contains(e.getKey()) && e.getValue() != null) doc.put(e.getKey(), withoutNulls(e.getValue()));
        }
        for (String role : List.of("taskRoleArn", "executionRoleArn")) {
            if ("".equals(doc.get(role))) doc.remove(role);
        }
        if (doc.get("cpu") instanceof String cpu) {
            Integer units = TaskSize.cpu(cpu);
            if (units != null) doc.put("cpu", String.valueOf(units));
        }
        if (doc.get("memory") instanceof String memory) {
            Integer mib = TaskSize.memory(memory);
            if (mib != null) doc.put("memory", String.valueOf(mib));
        }
        return doc;
    }

    /** A deep copy without null members (a member sent as null is a member not sent). */
    static Object withoutNulls(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, val) -> { if (val != null) c.put((String) k, withoutNulls(val)); });
            return c;
        }
        if (v instanceof List<?> l) {
            List<Object> c = new ArrayList<>(l.size());
            for (Object o : l) if (o != null) c.add(withoutNulls(o));
            return c;
        }
        return v;
    }
}
