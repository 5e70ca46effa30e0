package io.dockyard.agent;

import io.dockyard.core.Doc;
import io.dockyard.core.model.ContainerSpec;
import io.dockyard.core.model.TaskOverride;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One container definition with the task's container override applied: what the container really
 * runs with (command, environment incl. environment files, cpu, memory), plus its dependencies.
 */
record ContainerPlan(ContainerSpec spec, List<String> command, TaskOverride.ContainerOverride override, int cpu, Integer memory,
                     Integer memoryReservation, List<Dependency> dependsOn, int startTimeoutSeconds, int stopTimeoutSeconds) {

    /** ECS_CONTAINER_START_TIMEOUT and ECS_CONTAINER_STOP_TIMEOUT defaults of the ECS agent. */
    static final int DEFAULT_START_TIMEOUT = 180;
    static final int DEFAULT_STOP_TIMEOUT = 30;

    /** One dependsOn entry (links and volumesFrom imply START). */
    record Dependency(String container, String condition) {}

    /** The task could not be prepared (bad environment file, unsupported source); {@code code} is the ECS error prefix. */
    static final class SetupError extends RuntimeException {
        SetupError(String message) { super(message); }
    }

    String name() { return spec.name(); }
    boolean essential() { return spec.essential(); }
    Map<String, Object> raw() { return spec.raw(); }

    /** The container of {@code spec} with the task's {@code overrides} (null: none) applied. */
    static ContainerPlan of(ContainerSpec spec, TaskOverride overrides) {
        TaskOverride o = overrides == null ? TaskOverride.NONE : overrides;
        TaskOverride.Size size = o.size(spec);
        List<Dependency> deps = new ArrayList<>();
        for (Map<String, Object> d : Doc.maps(spec.raw(), "dependsOn")) {
            String cond = Doc.str(d, "condition");
            deps.add(new Dependency(Doc.str(d, "containerName"), cond == null ? "START" : cond));
        }
        for (String link : Doc.strings(spec.raw(), "links")) deps.add(new Dependency(link.split(":")[0], "START"));
        for (Map<String, Object> vf : Doc.maps(spec.raw(), "volumesFrom")) deps.add(new Dependency(Doc.str(vf, "sourceContainer"), "START"));
        Integer start = Doc.integer(spec.raw(), "startTimeout");
        Integer stop = Doc.integer(spec.raw(), "stopTimeout");
        return new ContainerPlan(spec, o.command(spec), o.container(spec.name()), size.cpu(), size.memory(), size.memoryReservation(), deps,
                start == null ? DEFAULT_START_TIMEOUT : start, stop == null ? DEFAULT_STOP_TIMEOUT : stop);
    }

    /**
     * The environment the container gets: environment files, then {@code environment}, then the
     * override's files and variables (later ones win). Reads the files, so it may fail with a SetupError.
     */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.putAll(environmentFiles(Doc.maps(spec.raw(), "environmentFiles")));
        putPairs(env, spec.environment());
        if (override != null) {
            env.putAll(environmentFiles(override.environmentFiles().stream().map(f -> Map.<String, Object>of("value", f.value())).toList()));
            override.environment().forEach(kv -> { if (kv.name() != null) env.put(kv.name(), kv.value() == null ? "" : kv.value()); });
        }
        return env;
    }

    private static void putPairs(Map<String, String> env, List<Map<String, Object>> pairs) {
        for (Map<String, Object> kv : pairs) {
            String k = Doc.str(kv, "name");
            if (k != null) env.put(k, Doc.str(kv, "value") == null ? "" : Doc.str(kv, "value"));
        }
    }

    /** Reads environment files given as {@code file://} URIs or absolute paths; S3 objects are not reachable here. */
    static Map<String, String> environmentFiles(List<Map<String, Object>> files) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> f : files) {
            String value = Doc.str(f, "value");
            if (value == null) continue;
            Path path;
            if (value.startsWith("file://")) path = Path.of(URI.create(value));
            else if (value.startsWith("/")) path = Path.of(value);
            else throw new SetupError("ResourceInitializationError: failed to download env files: " + value
                    + ": S3 is not available to the Dockyard agent; use a file:// URI or an absolute path");
            try {
                for (String line : Files.readAllLines(path)) {
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) continue;
                    int eq = l.indexOf('=');
                    if (eq <= 0) continue;
                    env.putIfAbsent(l.substring(0, eq), l.substring(eq + 1));
                }
            } catch (IOException e) {
                throw new SetupError("ResourceInitializationError: failed to read env file " + value + ": " + e.getMessage());
            }
        }
        return env;
    }
}
