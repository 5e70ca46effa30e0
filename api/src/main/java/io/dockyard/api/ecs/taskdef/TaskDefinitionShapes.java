package io.dockyard.api.ecs.taskdef;

import io.dockyard.protocol.Out;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire form of a task definition: the document as registered, in the model's member order, plus
 * what ECS adds — the ARN, revision, status, compatibilities, requiresAttributes, timestamps,
 * registeredBy — and the defaults ECS fills in: {@code volumes}/{@code placementConstraints} [],
 * per container {@code cpu} 0, {@code essential} true, empty {@code portMappings}, {@code environment},
 * {@code mountPoints}, {@code volumesFrom} and {@code systemControls}, port mappings' {@code protocol}
 * tcp (and {@code hostPort} = containerPort in awsvpc/host mode), health checks' interval 30,
 * timeout 5, retries 3.
 */
public final class TaskDefinitionShapes {
    private static final List<String> TASK_DEFINITION = List.of("taskDefinitionArn", "containerDefinitions", "family", "taskRoleArn",
            "executionRoleArn", "networkMode", "revision", "volumes", "status", "requiresAttributes", "placementConstraints",
            "compatibilities", "runtimePlatform", "requiresCompatibilities", "cpu", "memory", "inferenceAccelerators", "pidMode",
            "ipcMode", "proxyConfiguration", "registeredAt", "deregisteredAt", "deleteRequestedAt", "registeredBy",
            "ephemeralStorage", "enableFaultInjection");
    private static final List<String> CONTAINER = List.of("name", "image", "repositoryCredentials", "cpu", "memory",
            "memoryReservation", "links", "portMappings", "essential", "restartPolicy", "entryPoint", "command", "environment",
            "environmentFiles", "mountPoints", "volumesFrom", "linuxParameters", "secrets", "dependsOn", "startTimeout",
            "stopTimeout", "versionConsistency", "hostname", "user", "workingDirectory", "disableNetworking", "privileged",
            "readonlyRootFilesystem", "dnsServers", "dnsSearchDomains", "extraHosts", "dockerSecurityOptions", "interactive",
            "pseudoTerminal", "dockerLabels", "ulimits", "logConfiguration", "healthCheck", "systemControls",
            "resourceRequirements", "firelensConfiguration", "credentialSpecs");
    private static final List<String> PORT_MAPPING = List.of("containerPort", "hostPort", "protocol", "name", "appProtocol", "containerPortRange");
    private static final List<String> HEALTH_CHECK = List.of("command", "interval", "timeout", "retries", "startPeriod");

    private TaskDefinitionShapes() {}

    /** The TaskDefinition structure of the ECS API. */
    public static Out taskDefinition(TaskDefinition td) {
        Map<String, Object> doc = Doc.copyMap(td.document());
        String mode = Doc.str(doc, "networkMode");
        Map<String, Object> all = new LinkedHashMap<>(doc);
        all.put("taskDefinitionArn", td.arn());
        all.put("containerDefinitions", Doc.maps(doc, "containerDefinitions").stream().map(c -> container(c, mode)).toList());
        all.put("family", td.family());
        all.put("revision", td.revision());
        all.putIfAbsent("volumes", List.of());
        all.put("status", td.status());
        all.put("requiresAttributes", td.requiresAttributes() == null ? List.of() : td.requiresAttributes());
        all.putIfAbsent("placementConstraints", List.of());
        all.put("compatibilities", td.compatibilities());
        all.put("registeredAt", td.registeredAt());
        all.put("deregisteredAt", td.deregisteredAt());
        all.put("deleteRequestedAt", td.deleteRequestedAt());
        all.put("registeredBy", td.registeredBy());
        Out out = Out.obj();
        for (String k : TASK_DEFINITION) out.with(k, all.get(k));
        return out;
    }

    private static Map<String, Object> container(Map<String, Object> c, String networkMode) {
        Map<String, Object> all = new LinkedHashMap<>(c);
        all.putIfAbsent("cpu", 0);
        all.putIfAbsent("essential", true);
        for (String list : List.of("portMappings", "environment", "mountPoints", "volumesFrom", "systemControls")) all.putIfAbsent(list, List.of());
        all.put("portMappings", Doc.maps(c, "portMappings").stream().map(p -> portMapping(p, networkMode)).toList());
        Map<String, Object> hc = Doc.map(c, "healthCheck");
        if (hc != null) {
            Map<String, Object> h = new LinkedHashMap<>(hc);
            h.putIfAbsent("interval", 30);
            h.putIfAbsent("timeout", 5);
            h.putIfAbsent("retries", 3);
            all.put("healthCheck", ordered(h, HEALTH_CHECK));
        }
        return ordered(all, CONTAINER);
    }

    private static Map<String, Object> portMapping(Map<String, Object> p, String networkMode) {
        Map<String, Object> all = new LinkedHashMap<>(p);
        boolean staticPorts = "awsvpc".equals(networkMode) || "host".equals(networkMode);
        if (staticPorts && p.get("containerPort") != null) all.putIfAbsent("hostPort", p.get("containerPort"));
        all.putIfAbsent("protocol", "tcp");
        return ordered(all, PORT_MAPPING);
    }

    private static Map<String, Object> ordered(Map<String, Object> m, List<String> order) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : order) if (m.get(k) != null) out.put(k, m.get(k));
        return out;
    }
}
