package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.Doc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container-instance attributes a task definition needs ({@code requiresAttributes}), derived as
 * ECS derives them from the features the definition uses (awsvpc → task-eni, awslogs → the logging
 * driver, a task role → task-iam-role, health checks, dependsOn, secrets, ECR images with an
 * execution role...). A definition that uses none of them requires none, as on ECS.
 */
final class RequiredAttributes {
    private static final String API = "com.amazonaws.ecs.capability.docker-remote-api.";
    private static final String CAP = "com.amazonaws.ecs.capability.";

    private RequiredAttributes() {}

    static List<Map<String, Object>> of(Map<String, Object> doc) {
        Set<String> names = new LinkedHashSet<>();
        boolean executionRole = Doc.str(doc, "executionRoleArn") != null;
        for (Map<String, Object> c : Doc.maps(doc, "containerDefinitions")) container(c, executionRole, names);
        if (Doc.str(doc, "taskRoleArn") != null) names.add(CAP + "task-iam-role");
        if ("awsvpc".equals(Doc.str(doc, "networkMode"))) {
            names.add(API + "1.18");
            names.add("ecs.capability.task-eni");
        }
        for (Map<String, Object> v : Doc.maps(doc, "volumes")) {
            Map<String, Object> efs = Doc.map(v, "efsVolumeConfiguration");
            if (efs != null) {
                names.add("ecs.capability.efs");
                Map<String, Object> auth = Doc.map(efs, "authorizationConfig");
                if (auth != null && ("ENABLED".equals(Doc.str(auth, "iam")) || Doc.str(auth, "accessPointId") != null)) names.add("ecs.capability.efsAuth");
            }
            if (v.get("dockerVolumeConfiguration") != null) names.add(API + "1.25");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        names.forEach(n -> out.add(Map.of("name", n)));
        return out;
    }

    private static void container(Map<String, Object> c, boolean executionRole, Set<String> names) {
        Map<String, Object> log = Doc.map(c, "logConfiguration");
        String driver = log == null ? null : Doc.str(log, "logDriver");
        if (driver != null) {
            names.add(CAP + "logging-driver." + driver);
            if ("awslogs".equals(driver)) {
                names.add(API + "1.19");
                if (executionRole) names.add("ecs.capability.execution-role-awslogs");
            } else {
                names.add(API + "1.18");
            }
        }
        String image = Doc.str(c, "image");
        if (executionRole && image != null && image.contains(".dkr.ecr.")) {
            names.add(CAP + "ecr-auth");
            names.add("ecs.capability.execution-role-ecr-pull");
        }
        if (c.get("memoryReservation") != null) names.add(API + "1.21");
        if (c.get("dockerLabels") != null || !Doc.list(c, "ulimits").isEmpty()) names.add(API + "1.18");
        if (c.get("healthCheck") != null) names.add("ecs.capability.container-health-check");
        if (!Doc.list(c, "dependsOn").isEmpty() || c.get("startTimeout") != null || c.get("stopTimeout") != null) {
            names.add("ecs.capability.container-ordering");
        }
        for (Map<String, Object> s : Doc.maps(c, "secrets")) {
            String from = Doc.str(s, "valueFrom");
            names.add(from != null && from.contains(":secretsmanager:")
                    ? "ecs.capability.secrets.asm.environment-variables" : "ecs.capability.secrets.ssm.environment-variables");
        }
        if (!Doc.list(c, "environmentFiles").isEmpty()) names.add("ecs.capability.env-files.s3");
        if (c.get("repositoryCredentials") != null) names.add(CAP + "private-registry-authentication.secretsmanager");
        Map<String, Object> firelens = Doc.map(c, "firelensConfiguration");
        if (firelens != null) names.add("ecs.capability.firelens." + Doc.str(firelens, "type"));
        Map<String, Object> linux = Doc.map(c, "linuxParameters");
        if (linux != null && Boolean.TRUE.equals(Doc.bool(linux, "initProcessEnabled"))) names.add(API + "1.25");
    }
}
