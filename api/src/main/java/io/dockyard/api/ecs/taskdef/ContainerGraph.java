package io.dockyard.api.ecs.taskdef;

import io.dockyard.api.ecs.taskdef.TaskDefinitionRules.TaskContext;
import io.dockyard.core.Doc;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks ECS applies across the containers of a task definition: unique names, at least one
 * essential container, links, volumesFrom and dependsOn naming containers of the task (no cycles,
 * HEALTHY only on a container with a health check), and containers' sizes within the task's.
 */
final class ContainerGraph {
    static final List<String> CONDITIONS = List.of("START", "COMPLETE", "SUCCESS", "HEALTHY");

    private ContainerGraph() {}

    static void validate(List<Map<String, Object>> containers, TaskContext task) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        for (Map<String, Object> c : containers) {
            String name = Doc.str(c, "name");
            Checks.require(byName.put(name, c) == null, "Duplicate container name: '" + name + "'. Container names must be unique within a task definition.");
        }
        Checks.require(containers.stream().anyMatch(ContainerGraph::essential), "A task definition must have at least one essential container.");
        Set<String> portNames = new HashSet<>();
        int cpu = 0;
        int memory = 0;
        int firelens = 0;
        for (Map<String, Object> c : containers) {
            String name = Doc.str(c, "name");
            String p = Checks.container(name);
            for (String link : Doc.strings(c, "links")) {
                String target = link.contains(":") ? link.substring(0, link.indexOf(':')) : link;
                Checks.require(byName.containsKey(target) && !target.equals(name), p + "Invalid link '" + link + "': no other container named '" + target + "' in the task definition.");
            }
            for (Map<String, Object> v : Doc.maps(c, "volumesFrom")) {
                String source = Doc.str(v, "sourceContainer");
                Checks.require(source != null && byName.containsKey(source) && !source.equals(name),
                        p + "Invalid volumesFrom: no other container named '" + source + "' in the task definition.");
            }
            for (Map<String, Object> d : Doc.maps(c, "dependsOn")) dependency(name, d, byName);
            for (Map<String, Object> pm : Doc.maps(c, "portMappings")) {
                String portName = Doc.str(pm, "name");
                Checks.require(portName == null || portNames.add(portName), "Duplicate port mapping name '" + portName + "'. Port mapping names must be unique within a task definition.");
            }
            Integer containerCpu = Doc.integer(c, "cpu");
            cpu += containerCpu == null ? 0 : containerCpu;
            Integer reservation = Doc.integer(c, "memoryReservation");
            Integer limit = Doc.integer(c, "memory");
            memory += reservation != null ? reservation : limit == null ? 0 : limit;
            if (Doc.map(c, "firelensConfiguration") != null) firelens++;
        }
        Checks.require(task.cpu() == null || cpu <= task.cpu(),
                "Invalid 'cpu' setting for task. The sum of the containers' cpu (" + cpu + ") must be less than or equal to the task cpu (" + task.cpu() + ").");
        Checks.require(task.memory() == null || memory <= task.memory(),
                "Invalid 'memory' setting for task. The memory reserved by the containers (" + memory + " MiB) must be less than or equal to the task memory (" + task.memory() + " MiB).");
        Checks.require(firelens <= 1, "Only one container in a task definition can have a firelensConfiguration.");
        boolean usesFirelens = containers.stream().map(c -> Doc.map(c, "logConfiguration"))
                .anyMatch(l -> l != null && "awsfirelens".equals(Doc.str(l, "logDriver")));
        Checks.require(!usesFirelens || firelens == 1, "The awsfirelens log driver requires a container with a firelensConfiguration in the task definition.");
        acyclic(byName);
    }

    static boolean essential(Map<String, Object> c) {
        Boolean e = Doc.bool(c, "essential");
        return e == null || e;
    }

    private static void dependency(String name, Map<String, Object> d, Map<String, Map<String, Object>> byName) {
        String p = Checks.container(name);
        String target = Doc.str(d, "containerName");
        String condition = Doc.str(d, "condition");
        Checks.require(target != null && condition != null, p + "dependsOn requires 'containerName' and 'condition'.");
        Checks.require(CONDITIONS.contains(condition), p + "Invalid dependsOn condition '" + condition + "'. Valid values: " + String.join(", ", CONDITIONS) + ".");
        Map<String, Object> dep = byName.get(target);
        Checks.require(dep != null && !target.equals(name), p + "dependsOn names container '" + target + "', which is not another container of the task definition.");
        if ("COMPLETE".equals(condition) || "SUCCESS".equals(condition)) {
            Checks.require(!essential(dep), p + "The " + condition + " dependency condition can't be set on the essential container '" + target + "'.");
        }
        if ("HEALTHY".equals(condition)) {
            Checks.require(Doc.map(dep, "healthCheck") != null, p + "The HEALTHY dependency condition requires a healthCheck on container '" + target + "'.");
        }
    }

    /** Rejects dependsOn cycles (a container that would wait for itself). */
    private static void acyclic(Map<String, Map<String, Object>> byName) {
        Map<String, Integer> state = new HashMap<>();
        for (String name : byName.keySet()) visit(name, byName, state);
    }

    private static void visit(String name, Map<String, Map<String, Object>> byName, Map<String, Integer> state) {
        Integer s = state.get(name);
        if (s != null && s == 2) return;
        Checks.require(s == null, "Circular container dependency found involving container '" + name + "'.");
        state.put(name, 1);
        for (Map<String, Object> d : Doc.maps(byName.get(name), "dependsOn")) visit(Doc.str(d, "containerName"), byName, state);
        state.put(name, 2);
    }
}
