package io.dockyard.agent;

import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import io.dockyard.core.model.Attribute;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this host offers, read once from the Docker Engine: CPU units (1024 per core), memory (MiB,
 * less a small reserve), architecture, and the attributes the ECS agent publishes (capabilities).
 */
record HostInfo(long cpu, long memory, String architecture, String dockerVersion, String apiVersion, List<String> logDrivers) {
    /** Memory kept back for the host and Docker itself. */
    static final long RESERVED_MEMORY_MIB = 256;
    static final List<String> RESERVED_PORTS = List.of("22", "2375", "2376", "51678", "51679");

    static HostInfo read(Engine engine, AgentConfig config) {
        Info info = engine.client().infoCmd().exec();
        Version version = engine.client().versionCmd().exec();
        int cores = info.getNCPU() == null ? Runtime.getRuntime().availableProcessors() : info.getNCPU();
        long mib = info.getMemTotal() == null ? 1024 : info.getMemTotal() / (1024 * 1024);
        long cpu = config.cpu() != null ? config.cpu() : 1024L * cores;
        long memory = config.memory() != null ? config.memory() : Math.max(128, mib - RESERVED_MEMORY_MIB);
        String arch = normalizeArch(info.getArchitecture());
        List<String> logs = info.getPlugins() == null ? List.of() : info.getPlugins().getOrDefault("Log", List.of());
        return new HostInfo(cpu, memory, arch, info.getServerVersion(), version.getApiVersion(), logs);
    }

    /** ECS spells architectures x86_64 and arm64. */
    static String normalizeArch(String a) {
        if (a == null) return "x86_64";
        return switch (a) {
            case "aarch64", "arm64" -> "arm64";
            case "amd64", "x86_64" -> "x86_64";
            default -> a;
        };
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** The attributes of a container instance, as the ECS agent would publish them for this engine. */
    List<Attribute> attributes(String availabilityZone) {
        List<Attribute> out = new ArrayList<>();
        out.add(Attribute.of("ecs.os-type", "linux"));
        out.add(Attribute.of("ecs.os-family", "LINUX"));
        out.add(Attribute.of("ecs.cpu-architecture", architecture));
        out.add(Attribute.of("ecs.availability-zone", availabilityZone));
        out.add(Attribute.of("ecs.instance-type", "dockyard"));
        int maxMinor = apiMinor(apiVersion);
        for (int minor = 17; minor <= maxMinor; minor++) out.add(Attribute.of("com.amazonaws.ecs.capability.docker-remote-api.1." + minor, null));
        out.add(Attribute.of("com.amazonaws.ecs.capability.privileged-container", null));
        out.add(Attribute.of("com.amazonaws.ecs.capability.ecr-auth", null));
        out.add(Attribute.of("com.amazonaws.ecs.capability.task-iam-role", null));
        out.add(Attribute.of("com.amazonaws.ecs.capability.task-iam-role-network-host", null));
        for (String driver : List.of("json-file", "none", "syslog", "journald", "gelf", "fluentd", "local")) {
            if (logDrivers.isEmpty() || logDrivers.contains(driver)) out.add(Attribute.of("com.amazonaws.ecs.capability.logging-driver." + driver, null));
        }
        out.add(Attribute.of("com.amazonaws.ecs.capability.logging-driver.awslogs", null));
        for (String cap : List.of("task-eni", "task-cpu-mem-limit", "container-health-check", "container-ordering", "full-sync",
                "docker-plugin.local", "pid-ipc-namespace-sharing", "execution-role-awslogs", "execution-role-ecr-pull",
                "increased-task-cpu-limit")) {
            out.add(Attribute.of("ecs.capability." + cap, null));
        }
        return out;
    }

    /** versionInfo as RegisterContainerInstance takes it. */
    Map<String, Object> versionInfo(String agentVersion) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("agentVersion", agentVersion);
        v.put("agentHash", "dockyard");
        v.put("dockerVersion", "DockerVersion: " + dockerVersion);
        return v;
    }

    private static int apiMinor(String api) {
        try {
            return Integer.parseInt(api.substring(api.indexOf('.') + 1));
        } catch (RuntimeException e) {
            return 41;
        }
    }
}
