package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.taskdef.TaskDefinitionRules.TaskContext;
import io.dockyard.core.Doc;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks ECS applies to task-level members other than the containers: volumes, placement, proxy, storage, platform. */
final class TaskLevelRules {
    static final List<String> OS_FAMILIES = List.of("WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE", "WINDOWS_SERVER_2016_FULL",
            "WINDOWS_SERVER_2004_CORE", "WINDOWS_SERVER_2022_CORE", "WINDOWS_SERVER_2022_FULL", "WINDOWS_SERVER_2025_CORE",
            "WINDOWS_SERVER_2025_FULL", "WINDOWS_SERVER_20H2_CORE", "LINUX");
    private static final List<String> VOLUME_KINDS = List.of("host", "dockerVolumeConfiguration", "efsVolumeConfiguration",
            "fsxWindowsFileServerVolumeConfiguration", "s3filesVolumeConfiguration");

    private TaskLevelRules() {}

    /** Validates {@code volumes}; returns their names. */
    static Set<String> volumes(Map<String, Object> doc) {
        Set<String> names = new LinkedHashSet<>();
        int atLaunch = 0;
        for (Map<String, Object> v : Doc.maps(doc, "volumes")) {
            String name = Doc.str(v, "name");
            Checks.require(name != null && !name.isEmpty(), "Volume name should not be null or empty.");
            Checks.require(Checks.NAME.matcher(name).matches(), "Volume name '" + name + "' contains invalid characters. " + Checks.NAME_RULE);
            Checks.require(names.add(name), "Duplicate volume name: '" + name + "'. Volume names must be unique within a task definition.");
            String p = "Invalid setting for volume '" + name + "'. ";
            long kinds = VOLUME_KINDS.stream().filter(k -> v.get(k) != null).count();
            Checks.require(kinds <= 1, p + "Only one of " + String.join(", ", VOLUME_KINDS) + " can be specified.");
            Map<String, Object> docker = Doc.map(v, "dockerVolumeConfiguration");
            if (docker != null) {
                String scope = Checks.oneOf(docker, "scope", List.of("task", "shared"), p);
                Boolean autoprovision = Doc.bool(docker, "autoprovision");
                Checks.require(autoprovision == null || !autoprovision || "shared".equals(scope), p + "autoprovision is only supported when scope is shared.");
            }
            Map<String, Object> efs = Doc.map(v, "efsVolumeConfiguration");
            if (efs != null) efs(efs, p);
            Map<String, Object> host = Doc.map(v, "host");
            if (host != null) Doc.str(host, "sourcePath");
            if (Boolean.TRUE.equals(Doc.bool(v, "configuredAtLaunch"))) atLaunch++;
        }
        Checks.require(atLaunch <= 1, "Only one volume of a task definition can be configured at launch.");
        return names;
    }

    private static void efs(Map<String, Object> efs, String p) {
        Checks.require(Doc.str(efs, "fileSystemId") != null, p + "efsVolumeConfiguration requires 'fileSystemId'.");
        String transit = Checks.oneOf(efs, "transitEncryption", List.of("ENABLED", "DISABLED"), p);
        Checks.range(efs, "transitEncryptionPort", 0, 65535, p);
        Map<String, Object> auth = Doc.map(efs, "authorizationConfig");
        if (auth == null) return;
        String iam = Checks.oneOf(auth, "iam", List.of("ENABLED", "DISABLED"), p);
        String accessPoint = Doc.str(auth, "accessPointId");
        if ("ENABLED".equals(iam) || accessPoint != null) {
            Checks.require("ENABLED".equals(transit), p + "Transit encryption must be ENABLED when EFS IAM authorization or an access point is used.");
        }
        String root = Doc.str(efs, "rootDirectory");
        Checks.require(accessPoint == null || root == null || "/".equals(root), p + "rootDirectory must be omitted or '/' when an EFS access point is used.");
    }

    static void validate(Map<String, Object> doc, List<Map<String, Object>> containers, TaskContext task) {
        List<Map<String, Object>> constraints = Doc.maps(doc, "placementConstraints");
        Checks.require(constraints.size() <= 10, "Too many placement constraints: " + constraints.size() + ". At most 10 are allowed.");
        for (Map<String, Object> c : constraints) {
            Checks.oneOf(c, "type", List.of("memberOf"), "Invalid placement constraint. ");
            Checks.require(Doc.str(c, "expression") != null && !Doc.str(c, "expression").isBlank(), "Invalid placement constraint. A memberOf constraint requires an 'expression'.");
        }
        Set<String> names = new HashSet<>();
        containers.forEach(c -> names.add(Doc.str(c, "name")));
        Map<String, Object> proxy = Doc.map(doc, "proxyConfiguration");
        if (proxy != null) {
            Checks.oneOf(proxy, "type", List.of("APPMESH"), "Invalid proxyConfiguration. ");
            String container = Doc.str(proxy, "containerName");
            Checks.require(container != null && names.contains(container), "Invalid proxyConfiguration. containerName '" + container + "' is not a container of the task definition.");
            Checks.require(task.awsvpc(), "proxyConfiguration is only supported when networkMode=awsvpc.");
        }
        Map<String, Object> storage = Doc.map(doc, "ephemeralStorage");
        if (storage != null) {
            Checks.require(Doc.integer(storage, "sizeInGiB") != null, "ephemeralStorage requires 'sizeInGiB'.");
            Checks.range(storage, "sizeInGiB", 21, 200, "Invalid ephemeralStorage. ");
        }
        Map<String, Object> platform = Doc.map(doc, "runtimePlatform");
        if (platform != null) {
            Checks.oneOf(platform, "cpuArchitecture", List.of("X86_64", "ARM64"), "Invalid runtimePlatform. ");
            Checks.oneOf(platform, "operatingSystemFamily", OS_FAMILIES, "Invalid runtimePlatform. ");
        }
        Set<String> devices = new HashSet<>();
        for (Map<String, Object> a : Doc.maps(doc, "inferenceAccelerators")) {
            String device = Doc.str(a, "deviceName");
            Checks.require(device != null && Doc.str(a, "deviceType") != null, "Inference accelerators require 'deviceName' and 'deviceType'.");
            Checks.require(devices.add(device), "Duplicate inference accelerator deviceName '" + device + "'.");
        }
        for (Map<String, Object> c : containers) {
            for (Map<String, Object> r : Doc.maps(c, "resourceRequirements")) {
                if ("InferenceAccelerator".equals(Doc.str(r, "type"))) {
                    Checks.require(devices.contains(Doc.str(r, "value")), Checks.container(Doc.str(c, "name"))
                            + "InferenceAccelerator '" + Doc.str(r, "value") + "' is not a deviceName of the task's inferenceAccelerators.");
                }
            }
        }
    }
}
