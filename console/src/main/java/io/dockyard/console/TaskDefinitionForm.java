package io.dockyard.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task definition form: its containers (each with name, image, essential, port, environment, command, health check,
 * logs) and the task's size, turned into RegisterTaskDefinition's input. The sizes offered are Fargate's valid CPU/memory pairs.
 */
final class TaskDefinitionForm {
    private TaskDefinitionForm() {}

    /** Fargate's task sizes: CPU units → the memory sizes (MiB) allowed with it (the smaller ones; AWS allows more steps). */
    static final Map<Integer, List<Integer>> FARGATE_SIZES = sizes();

    /** API words in error messages → the form field they are about. */
    static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("cpu", "size"), Map.entry("memory", "size"), Map.entry("memoryReservation", "size"),
            Map.entry("portMappings", "containerPort"), Map.entry("hostPort", "hostPort"), Map.entry("requiresCompatibilities", "compatibility"),
            Map.entry("logConfiguration", "logGroup"), Map.entry("awslogs-group", "logGroup"), Map.entry("containerDefinitions", "containerName"),
            Map.entry("container.name", "containerName"), Map.entry("container.image", "image"));

    private static Map<Integer, List<Integer>> sizes() {
        Map<Integer, List<Integer>> m = new LinkedHashMap<>();
        m.put(256, List.of(512, 1024, 2048));
        m.put(512, List.of(1024, 2048, 3072, 4096));
        List<Integer> one = new ArrayList<>();
        for (int g = 2; g <= 8; g++) one.add(g * 1024);
        m.put(1024, one);
        List<Integer> two = new ArrayList<>();
        for (int g = 4; g <= 16; g++) two.add(g * 1024);
        m.put(2048, two);
        List<Integer> four = new ArrayList<>();
        for (int g = 8; g <= 30; g += 2) four.add(g * 1024);
        m.put(4096, four);
        return m;
    }

    /** Containers a task definition may hold (ECS's quota). */
    static final int MAX_CONTAINERS = 10;

    static Map<String, Object> input(Map<String, String> f) {
        String networkMode = f.getOrDefault("networkMode", "bridge");
        String family = f.getOrDefault("family", "").strip();
        List<Map<String, Object>> containers = new ArrayList<>();
        for (String suffix : suffixes(f)) containers.add(container(f, suffix, family, networkMode));
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("family", family);
        in.put("networkMode", networkMode);
        String compatibility = f.getOrDefault("compatibility", "EC2");
        in.put("requiresCompatibilities", List.of(compatibility));
        String size = f.getOrDefault("size", "").strip();
        if (!size.isEmpty()) {
            String[] parts = size.split("/");
            if (parts.length != 2) throw new Actions.FieldError("size", "Choose a size as CPU/memory, such as 256/512.");
            in.put("cpu", parts[0].strip());
            in.put("memory", parts[1].strip());
        }
        in.put("containerDefinitions", containers);
        return in;
    }

    /**
     * The form's containers: the first one's fields have plain names ({@code image}), the ones added on the page a suffix
     * ({@code image-1}, {@code image-2}, …), in the order of their numbers.
     */
    static List<String> suffixes(Map<String, String> f) {
        java.util.TreeSet<Integer> numbers = new java.util.TreeSet<>();
        for (String k : f.keySet()) {
            java.util.regex.Matcher m = ADDED.matcher(k);
            if (m.matches()) numbers.add(Integer.parseInt(m.group(1)));
        }
        List<String> out = new ArrayList<>(List.of(""));
        for (int n : numbers) out.add("-" + n);
        if (out.size() > MAX_CONTAINERS) throw new Actions.FieldError("containerName", "A task definition holds at most " + MAX_CONTAINERS + " containers.");
        return out;
    }

    private static final java.util.regex.Pattern ADDED = java.util.regex.Pattern.compile("containerName-([1-9][0-9]{0,2})");

    /** One container's definition from its fields (those ending with {@code x}). */
    private static Map<String, Object> container(Map<String, String> f, String x, String family, String networkMode) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", f.getOrDefault("containerName" + x, "").trim());
        c.put("image", f.getOrDefault("image" + x, "").trim());
        c.put("essential", !f.containsKey("essential" + x) || f.get("essential" + x).contains("true"));
        int port = Actions.integer(f, "containerPort" + x, 0);
        if (port > 0) {
            Map<String, Object> mapping = new LinkedHashMap<>();
            mapping.put("containerPort", port);
            int host = Actions.integer(f, "hostPort" + x, -1);
            if (host >= 0 && !"awsvpc".equals(networkMode)) mapping.put("hostPort", host);
            mapping.put("protocol", "tcp");
            c.put("portMappings", List.of(mapping));
        }
        List<Map<String, Object>> env = new ArrayList<>();
        for (String line : Actions.lines(f.get("environment" + x))) {
            int eq = line.indexOf('=');
            if (eq <= 0) throw new Actions.FieldError("environment" + x, "Each line is NAME=value: '" + line + "' has no name.");
            env.add(Map.of("name", line.substring(0, eq).strip(), "value", line.substring(eq + 1)));
        }
        if (!env.isEmpty()) c.put("environment", env);
        String command = f.getOrDefault("command" + x, "").strip();
        if (!command.isEmpty()) c.put("command", List.of("sh", "-c", command));
        String check = f.getOrDefault("healthCheck" + x, "").strip();
        if (!check.isEmpty()) {
            c.put("healthCheck", Map.of("command", List.of("CMD-SHELL", check), "interval", Actions.integer(f, "healthInterval" + x, 30),
                    "timeout", 5, "retries", 3, "startPeriod", 0));
        }
        String group = f.getOrDefault("logGroup" + x, "").strip();
        if (!group.isEmpty()) {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("awslogs-group", group);
            options.put("awslogs-region", f.getOrDefault("region", "us-east-1"));
            options.put("awslogs-stream-prefix", family.isEmpty() ? "ecs" : family);
            options.put("awslogs-create-group", "true");
            c.put("logConfiguration", Map.of("logDriver", "awslogs", "options", options));
        }
        return c;
    }
}
