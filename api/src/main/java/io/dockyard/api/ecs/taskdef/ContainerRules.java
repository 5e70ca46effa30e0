package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.taskdef.TaskDefinitionRules.TaskContext;
import io.dockyard.core.Doc;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks ECS applies to one container definition on its own. */
final class ContainerRules {
    static final List<String> LOG_DRIVERS = List.of("json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens");
    static final List<String> ULIMITS = List.of("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice",
            "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9_][a-z0-9_-]{0,63}");

    private ContainerRules() {}

    static void validate(Map<String, Object> c, TaskContext task) {
        String name = Doc.str(c, "name");
        Checks.require(name != null && !name.isEmpty(), "Container.name should not be null or empty.");
        Checks.require(Checks.NAME.matcher(name).matches(), "Container.name contains invalid characters. " + Checks.NAME_RULE);
        String p = Checks.container(name);
        String image = Doc.str(c, "image");
        Checks.require(image != null && !image.isBlank(), "Container.image should not be null or empty.");
        Checks.require(image.length() <= 255 && image.chars().noneMatch(Character::isWhitespace),
                p + "Invalid 'image' value. Up to 255 characters without whitespace are allowed.");
        memory(c, task, p);
        Checks.range(c, "cpu", 0, 196608, p);
        Checks.range(c, "startTimeout", 0, Integer.MAX_VALUE, p);
        Checks.range(c, "stopTimeout", 0, Integer.MAX_VALUE, p);
        portMappings(c, task, p);
        healthCheck(c, p);
        logConfiguration(c, task, p);
        for (Map<String, Object> u : Doc.maps(c, "ulimits")) {
            Checks.oneOf(u, "name", ULIMITS, p);
            Integer soft = Doc.integer(u, "softLimit");
            Integer hard = Doc.integer(u, "hardLimit");
            Checks.require(Doc.str(u, "name") != null && soft != null && hard != null, p + "Ulimits require 'name', 'softLimit' and 'hardLimit'.");
            Checks.require(soft <= hard, p + "Ulimit '" + Doc.str(u, "name") + "' softLimit must be less than or equal to hardLimit.");
        }
        List<Map<String, Object>> secrets = Doc.maps(c, "secrets");
        for (Map<String, Object> s : secrets) {
            Checks.require(Doc.str(s, "name") != null && Doc.str(s, "valueFrom") != null, p + "Secrets require 'name' and 'valueFrom'.");
        }
        if (!secrets.isEmpty()) {
            Checks.require(task.executionRole(), "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");
        }
        for (Map<String, Object> e : Doc.maps(c, "environmentFiles")) {
            Checks.require("s3".equals(Doc.str(e, "type")) && Doc.str(e, "value") != null,
                    p + "environmentFiles require 'type' s3 and 'value' (the S3 object ARN).");
        }
        for (Map<String, Object> e : Doc.maps(c, "environment")) {
            Checks.require(Doc.str(e, "name") != null && !Doc.str(e, "name").isEmpty(), p + "Environment variable names should not be null or empty.");
        }
        for (Map<String, Object> m : Doc.maps(c, "mountPoints")) {
            String volume = Doc.str(m, "sourceVolume");
            Checks.require(volume != null && task.volumes().contains(volume),
                    p + "Unknown volume '" + volume + "' in mountPoints. The sourceVolume must name a volume of the task definition.");
            Checks.require(Doc.str(m, "containerPath") != null && !Doc.str(m, "containerPath").isEmpty(),
                    p + "mountPoints require 'containerPath'.");
            Doc.bool(m, "readOnly");
        }
        Map<String, Object> creds = Doc.map(c, "repositoryCredentials");
        if (creds != null) Checks.require(Doc.str(creds, "credentialsParameter") != null, p + "repositoryCredentials require 'credentialsParameter'.");
        for (Map<String, Object> r : Doc.maps(c, "resourceRequirements")) {
            Checks.oneOf(r, "type", List.of("GPU", "InferenceAccelerator"), p);
            Checks.require(Doc.str(r, "value") != null, p + "resourceRequirements require 'type' and 'value'.");
        }
        Map<String, Object> firelens = Doc.map(c, "firelensConfiguration");
        if (firelens != null) Checks.oneOf(firelens, "type", List.of("fluentd", "fluentbit"), p);
        Map<String, Object> restart = Doc.map(c, "restartPolicy");
        if (restart != null) {
            Checks.require(Doc.bool(restart, "enabled") != null, p + "restartPolicy requires 'enabled'.");
            Checks.require(Doc.list(restart, "ignoredExitCodes").size() <= 50, p + "restartPolicy can have at most 50 ignoredExitCodes.");
            Checks.range(restart, "restartAttemptPeriod", 60, 1800, p + "restartPolicy ");
        }
        Checks.oneOf(c, "versionConsistency", List.of("enabled", "disabled"), p);
        Checks.require(Doc.list(c, "environmentFiles").size() <= 10, p + "At most 10 environmentFiles are allowed.");
        networkModeLimits(c, task, p);
    }

    private static void memory(Map<String, Object> c, TaskContext task, String p) {
        Integer memory = Doc.integer(c, "memory");
        Integer reservation = Doc.integer(c, "memoryReservation");
        Checks.require(memory != null || reservation != null || task.memory() != null,
                p + "At least one of 'memory' or 'memoryReservation' must be specified.");
        Checks.require(memory == null || memory >= 6, "Invalid 'memory' setting for container '" + Doc.str(c, "name") + "'. Minimum allowed memory is 6 MiB.");
        Checks.require(reservation == null || reservation >= 6, "Invalid 'memoryReservation' setting for container '" + Doc.str(c, "name") + "'. Minimum allowed memory is 6 MiB.");
        Checks.require(memory == null || reservation == null || reservation <= memory,
                p + "'memoryReservation' must be less than or equal to 'memory'.");
        Checks.require(memory == null || task.memory() == null || memory <= task.memory(),
                p + "Container memory (" + memory + " MiB) must be less than or equal to the task memory (" + task.memory() + " MiB).");
    }

    private static void portMappings(Map<String, Object> c, TaskContext task, String p) {
        List<Map<String, Object>> ports = Doc.maps(c, "portMappings");
        Checks.require(ports.isEmpty() || !"none".equals(task.networkMode()), "Port mappings are not supported when networkMode=none.");
        for (Map<String, Object> pm : ports) {
            Integer container = Checks.range(pm, "containerPort", 0, 65535, p);
            Integer host = Checks.range(pm, "hostPort", 0, 65535, p);
            Checks.oneOf(pm, "protocol", List.of("tcp", "udp"), p);
            String app = Checks.oneOf(pm, "appProtocol", List.of("http", "http2", "grpc"), p);
            String name = Doc.str(pm, "name");
            Checks.require(name == null || PORT_NAME.matcher(name).matches(),
                    p + "Port mapping name '" + name + "' is invalid. Up to 64 lowercase letters, numbers, underscores and hyphens are allowed; it can't start with a hyphen.");
            Checks.require(app == null || name != null, p + "A port mapping with 'appProtocol' must have a 'name'.");
            String range = Doc.str(pm, "containerPortRange");
            if (range != null) {
                Matcher m = PORT_RANGE.matcher(range);
                Checks.require(m.matches() && Integer.parseInt(m.group(1)) >= 1 && Integer.parseInt(m.group(1)) < Integer.parseInt(m.group(2))
                        && Integer.parseInt(m.group(2)) <= 65535, p + "Invalid containerPortRange '" + range + "'. Use a range like 8000-8010.");
                Checks.require(container == null && host == null, p + "A port mapping can not have both 'containerPortRange' and 'containerPort' or 'hostPort'.");
                Checks.require(task.awsvpc() || "bridge".equals(task.networkMode()), "containerPortRange is only supported when networkMode is bridge or awsvpc.");
                continue;
            }
            Checks.require(container != null && container > 0, p + "Port mappings require a 'containerPort' between 1 and 65535.");
            if ((task.awsvpc() || "host".equals(task.networkMode())) && host != null) {
                Checks.require(host.equals(container), "When networkMode=" + task.networkMode() + ", the host ports and container ports in port mappings must match.");
            }
        }
    }

    private static void healthCheck(Map<String, Object> c, String p) {
        Map<String, Object> hc = Doc.map(c, "healthCheck");
        if (hc == null) return;
        List<String> command = Doc.strings(hc, "command");
        Checks.require(!command.isEmpty(), p + "healthCheck requires a 'command'.");
        Checks.range(hc, "interval", 5, 300, p + "healthCheck ");
        Checks.range(hc, "timeout", 2, 60, p + "healthCheck ");
        Checks.range(hc, "retries", 1, 10, p + "healthCheck ");
        Checks.range(hc, "startPeriod", 0, 300, p + "healthCheck ");
    }

    private static void logConfiguration(Map<String, Object> c, TaskContext task, String p) {
        Map<String, Object> log = Doc.map(c, "logConfiguration");
        if (log == null) return;
        String driver = Doc.str(log, "logDriver");
        Checks.require(driver != null, p + "logConfiguration requires a 'logDriver'.");
        Checks.oneOf(log, "logDriver", LOG_DRIVERS, p);
        Map<String, Object> options = Doc.map(log, "options");
        if (options != null) options.forEach((k, v) -> Checks.require(v instanceof String, p + "logConfiguration options must be strings."));
        for (Map<String, Object> s : Doc.maps(log, "secretOptions")) {
            Checks.require(Doc.str(s, "name") != null && Doc.str(s, "valueFrom") != null, p + "secretOptions require 'name' and 'valueFrom'.");
        }
        if (!Doc.maps(log, "secretOptions").isEmpty()) {
            Checks.require(task.executionRole(), "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");
        }
    }

    private static void networkModeLimits(Map<String, Object> c, TaskContext task, String p) {
        Checks.require(Doc.strings(c, "links").isEmpty() || "bridge".equals(task.networkMode()),
                "Links are not supported when networkMode=" + task.networkMode() + ". Links are only supported with the bridge network mode.");
        if (!task.awsvpc()) return;
        Checks.require(Doc.str(c, "hostname") == null, "Hostname is not supported when networkMode=awsvpc.");
        Checks.require(Doc.list(c, "extraHosts").isEmpty(), "Extra hosts are not supported when networkMode=awsvpc.");
    }
}
