package io.dockyard.core.model;

import java.util.List;

/**
 * The overrides a task was started with (ECS TaskOverride), parsed and checked at the edge. Member
 * names follow the ECS shape, so a stored task reads the same as the wire form. A null member was
 * not overridden.
 */
public record TaskOverride(List<ContainerOverride> containerOverrides, String cpu, String memory,
                           String executionRoleArn, String taskRoleArn, EphemeralStorage ephemeralStorage) {

    /** No override at all. */
    public static final TaskOverride NONE = new TaskOverride(List.of(), null, null, null, null, null);

    public TaskOverride {
        containerOverrides = containerOverrides == null ? List.of() : List.copyOf(containerOverrides);
    }

    /** The override of one container, or null. */
    public ContainerOverride container(String name) {
        for (ContainerOverride c : containerOverrides) if (name.equals(c.name())) return c;
        return null;
    }

    /** A container's cpu, memory and memoryReservation after its override. */
    public record Size(int cpu, Integer memory, Integer memoryReservation) {}

    /** The size of container {@code c} with this override applied. */
    public Size size(ContainerSpec c) {
        ContainerOverride o = container(c.name());
        if (o == null) return new Size(c.cpu(), c.memory(), c.memoryReservation());
        return new Size(o.cpu() != null ? o.cpu() : c.cpu(), o.memory() != null ? o.memory() : c.memory(),
                o.memoryReservation() != null ? o.memoryReservation() : c.memoryReservation());
    }

    /** The command container {@code c} runs: the override's when given, else the definition's. */
    public List<String> command(ContainerSpec c) {
        ContainerOverride o = container(c.name());
        return o != null && o.command() != null ? o.command() : c.command();
    }

    /** One container's override; {@code command} null keeps the definition's command. */
    public record ContainerOverride(String name, List<String> command, List<KeyValue> environment,
                                    List<EnvironmentFile> environmentFiles, Integer cpu, Integer memory,
                                    Integer memoryReservation, List<ResourceRequirement> resourceRequirements) {
        public ContainerOverride {
            command = command == null ? null : List.copyOf(command);
            environment = environment == null ? List.of() : List.copyOf(environment);
            environmentFiles = environmentFiles == null ? List.of() : List.copyOf(environmentFiles);
            resourceRequirements = resourceRequirements == null ? List.of() : List.copyOf(resourceRequirements);
        }

        /** Only the name: the container as defined. */
        public static ContainerOverride named(String name) {
            return new ContainerOverride(name, null, null, null, null, null, null, null);
        }
    }

    /** An environment variable. */
    public record KeyValue(String name, String value) {}

    /** An environment file ({@code type} s3). */
    public record EnvironmentFile(String value, String type) {}

    /** A GPU or inference accelerator requirement. */
    public record ResourceRequirement(String type, String value) {}

    /** Task ephemeral storage. */
    public record EphemeralStorage(int sizeInGiB) {}
}
