package io.dockyard.api.ecs.taskdef;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;

import java.util.List;
import java.util.Map;

/**
 * Fargate's constraints on a task definition: awsvpc, a valid task-level cpu/memory pair, and none of
 * the parameters Fargate does not support. Enforced when {@code requiresCompatibilities} has FARGATE;
 * otherwise they decide whether FARGATE is among the derived {@code compatibilities}.
 */
final class FargateRules {
    static final List<String> LOG_DRIVERS = List.of("awslogs", "splunk", "awsfirelens");

    private FargateRules() {}

    /** Throws the ECS ClientException for the first Fargate rule the document breaks. */
    static void check(Map<String, Object> doc) {
        String v = violation(doc);
        if (v != null) throw AwsException.client(v);
    }

    /** Whether the definition can run on Fargate. */
    static boolean fits(Map<String, Object> doc) {
        return violation(doc) == null;
    }

    /** The message for the first Fargate rule the document breaks, or null. */
    static String violation(Map<String, Object> doc) {
        if (!"awsvpc".equals(Doc.str(doc, "networkMode"))) return "Fargate only supports network mode 'awsvpc'.";
        if (Doc.str(doc, "cpu") == null) return "Fargate requires that 'cpu' be defined at the task level.";
        if (Doc.str(doc, "memory") == null) return "Fargate requires that 'memory' be defined at the task level.";
        Integer cpu = TaskSize.cpu(Doc.str(doc, "cpu"));
        Integer memory = TaskSize.memory(Doc.str(doc, "memory"));
        if (cpu == null || memory == null || !validSize(cpu, memory)) {
            return "No Fargate configuration exists for given values: " + Doc.str(doc, "cpu") + " CPU, " + Doc.str(doc, "memory")
                    + " memory. See the Amazon ECS documentation for the valid values.";
        }
        if (Doc.str(doc, "ipcMode") != null) return "'ipcMode' is not supported on Fargate.";
        if ("host".equals(Doc.str(doc, "pidMode"))) return "pidMode 'host' is not supported on Fargate. The only valid value is 'task'.";
        if (!Doc.list(doc, "inferenceAccelerators").isEmpty()) return "'inferenceAccelerators' are not supported on Fargate.";
        for (Map<String, Object> v : Doc.maps(doc, "volumes")) {
            Map<String, Object> host = Doc.map(v, "host");
            if (host != null && Doc.str(host, "sourcePath") != null) return "Host volumes with a 'sourcePath' are not supported on Fargate (volume '" + Doc.str(v, "name") + "').";
            if (v.get("dockerVolumeConfiguration") != null) return "Docker volumes ('dockerVolumeConfiguration') are not supported on Fargate (volume '" + Doc.str(v, "name") + "').";
            if (v.get("fsxWindowsFileServerVolumeConfiguration") != null) return "FSx for Windows File Server volumes are not supported on Fargate for Linux (volume '" + Doc.str(v, "name") + "').";
        }
        boolean executionRole = Doc.str(doc, "executionRoleArn") != null;
        for (Map<String, Object> c : Doc.maps(doc, "containerDefinitions")) {
            String v = container(c, executionRole);
            if (v != null) return v;
        }
        return null;
    }

    private static String container(Map<String, Object> c, boolean executionRole) {
        String p = Checks.container(Doc.str(c, "name"));
        if (Boolean.TRUE.equals(Doc.bool(c, "privileged"))) return p + "'privileged' is not supported on Fargate.";
        if (!Doc.list(c, "dockerSecurityOptions").isEmpty()) return p + "'dockerSecurityOptions' are not supported on Fargate.";
        if (!Doc.list(c, "links").isEmpty()) return p + "'links' are not supported on Fargate.";
        Integer stop = Doc.integer(c, "stopTimeout");
        if (stop != null && stop > 120) return p + "'stopTimeout' can be at most 120 seconds on Fargate.";
        Map<String, Object> linux = Doc.map(c, "linuxParameters");
        if (linux != null) {
            if (!Doc.list(linux, "devices").isEmpty()) return p + "'linuxParameters.devices' are not supported on Fargate.";
            if (linux.get("sharedMemorySize") != null) return p + "'linuxParameters.sharedMemorySize' is not supported on Fargate.";
            if (!Doc.list(linux, "tmpfs").isEmpty()) return p + "'linuxParameters.tmpfs' is not supported on Fargate.";
            if (linux.get("maxSwap") != null || linux.get("swappiness") != null) return p + "'linuxParameters.maxSwap' and 'swappiness' are not supported on Fargate.";
            Map<String, Object> caps = Doc.map(linux, "capabilities");
            for (String add : caps == null ? List.<String>of() : Doc.strings(caps, "add")) {
                if (!"SYS_PTRACE".equals(add)) return p + "Fargate only supports adding the SYS_PTRACE kernel capability, not '" + add + "'.";
            }
        }
        for (Map<String, Object> r : Doc.maps(c, "resourceRequirements")) {
            if ("GPU".equals(Doc.str(r, "type"))) return p + "GPU resource requirements are not supported on Fargate.";
        }
        Map<String, Object> log = Doc.map(c, "logConfiguration");
        String driver = log == null ? null : Doc.str(log, "logDriver");
        if (driver != null && !LOG_DRIVERS.contains(driver)) {
            return p + "Log driver '" + driver + "' is not supported on Fargate. Valid values: " + String.join(", ", LOG_DRIVERS) + ".";
        }
        if ("awslogs".equals(driver) && !executionRole) return "Fargate requires task definition to have execution role ARN to support log driver awslogs.";
        return null;
    }

    /** Whether ECS offers a Fargate task size with this cpu (units) and memory (MiB). */
    static boolean validSize(int cpu, int memory) {
        return switch (cpu) {
            case 256 -> memory == 512 || memory == 1024 || memory == 2048;
            case 512 -> between(memory, 1024, 4096, 1024);
            case 1024 -> between(memory, 2048, 8192, 1024);
            case 2048 -> between(memory, 4096, 16384, 1024);
            case 4096 -> between(memory, 8192, 30720, 1024);
            case 8192 -> between(memory, 16384, 61440, 4096);
            case 16384 -> between(memory, 32768, 122880, 8192);
            default -> false;
        };
    }

    private static boolean between(int v, int min, int max, int step) {
        return v >= min && v <= max && v % step == 0;
    }
}
