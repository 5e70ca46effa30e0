package io.dockyard.api.ecs.task;

import io.dockyard.protocol.Out;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.TaskDefinitionSpec;
import io.dockyard.core.model.TaskOverride;
import io.dockyard.launch.TaskDemand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** RunTask/StartTask {@code overrides}: parsed to a {@link TaskOverride} and checked against the task definition; rendered back for DescribeTasks. */
final class Overrides {
    private Overrides() {}

    static TaskOverride parse(Map<String, Object> overrides, TaskDefinitionSpec spec) {
        if (overrides == null) return null;
        List<TaskOverride.ContainerOverride> containers = new ArrayList<>();
        for (Map<String, Object> o : Doc.maps(overrides, "containerOverrides")) containers.add(container(o, spec));
        String cpu = Doc.str(overrides, "cpu");
        String memory = Doc.str(overrides, "memory");
        if (cpu != null) TaskDemand.cpuUnits(cpu);
        if (memory != null) TaskDemand.memoryMiB(memory);
        Integer storage = Doc.integer(Doc.map(overrides, "ephemeralStorage"), "sizeInGiB");
        return new TaskOverride(containers, cpu, memory, Doc.str(overrides, "executionRoleArn"), Doc.str(overrides, "taskRoleArn"),
                storage == null ? null : new TaskOverride.EphemeralStorage(storage));
    }

    private static TaskOverride.ContainerOverride container(Map<String, Object> o, TaskDefinitionSpec spec) {
        String name = Doc.str(o, "name");
        if (name == null || name.isEmpty()) throw AwsException.invalidParameter("Container override name can not be blank.");
        if (spec.container(name) == null) {
            throw AwsException.invalidParameter("Override for container named " + name + " is not a container in the TaskDefinition.");
        }
        List<TaskOverride.KeyValue> env = new ArrayList<>();
        for (Map<String, Object> e : Doc.maps(o, "environment")) env.add(new TaskOverride.KeyValue(Doc.str(e, "name"), Doc.str(e, "value")));
        List<TaskOverride.EnvironmentFile> files = new ArrayList<>();
        for (Map<String, Object> f : Doc.maps(o, "environmentFiles")) {
            if (Doc.str(f, "value") == null || !"s3".equals(Doc.str(f, "type"))) {
                throw AwsException.invalidParameter("environmentFiles need a value and type s3.");
            }
            files.add(new TaskOverride.EnvironmentFile(Doc.str(f, "value"), "s3"));
        }
        for (String k : new String[] {"cpu", "memory", "memoryReservation"}) {
            Integer v = Doc.integer(o, k);
            if (v != null && v < 0) throw AwsException.invalidParameter("Container override " + k + " must not be negative.");
        }
        List<TaskOverride.ResourceRequirement> requirements = new ArrayList<>();
        for (Map<String, Object> r : Doc.maps(o, "resourceRequirements")) {
            requirements.add(new TaskOverride.ResourceRequirement(Doc.str(r, "type"), Doc.str(r, "value")));
        }
        return new TaskOverride.ContainerOverride(name, o.containsKey("command") ? Doc.strings(o, "command") : null, env, files,
                Doc.integer(o, "cpu"), Doc.integer(o, "memory"), Doc.integer(o, "memoryReservation"), requirements);
    }

    /** The overrides as DescribeTasks shows them: every container listed ({@code {"name": ...}} when it has none). */
    static Map<String, Object> wire(TaskOverride given, List<String> containerNames) {
        TaskOverride o = given == null ? TaskOverride.NONE : given;
        List<Object> list = new ArrayList<>();
        for (String name : containerNames) {
            TaskOverride.ContainerOverride c = o.container(name);
            list.add(c == null ? Map.of("name", name) : container(c));
        }
        return Out.obj()
                .with("containerOverrides", list)
                .with("cpu", o.cpu())
                .with("memory", o.memory())
                .with("executionRoleArn", o.executionRoleArn())
                .with("taskRoleArn", o.taskRoleArn())
                .with("ephemeralStorage", o.ephemeralStorage() == null ? null : Out.obj().with("sizeInGiB", o.ephemeralStorage().sizeInGiB()))
                .with("inferenceAcceleratorOverrides", List.of());
    }

    private static Map<String, Object> container(TaskOverride.ContainerOverride c) {
        return Out.obj()
                .with("name", c.name())
                .with("command", c.command())
                .withNonEmpty("environment", c.environment().stream().map(e -> Out.obj().with("name", e.name()).with("value", e.value())).toList())
                .withNonEmpty("environmentFiles", c.environmentFiles().stream().map(f -> Out.obj().with("value", f.value()).with("type", f.type())).toList())
                .with("cpu", c.cpu())
                .with("memory", c.memory())
                .with("memoryReservation", c.memoryReservation())
                .withNonEmpty("resourceRequirements", c.resourceRequirements().stream().map(r -> Out.obj().with("type", r.type()).with("value", r.value())).toList());
    }
}
