package io.dockyard.core.port;

/**
 * Where an Auto Scaling group's instances come from: each is a host that runs a Dockyard agent joining
 * {@code cluster} as the container instance {@code instanceId}, offering {@code cpu} units and
 * {@code memory} MiB. {@code local} starts agents on this machine; {@code command} runs a user's script
 * (a cloud CLI, Ansible, …) whose host then joins with {@code dockyard agent}.
 */
public interface InstanceProvider extends AutoCloseable {
    /** Starts the host (returns once it is asked for; the agent registers when it is up). */
    void launch(String instanceId, String cluster, int cpu, int memory);

    /** Stops and removes the host. */
    void terminate(String instanceId);

    /** Whether the host still runs, as far as the provider can tell (a provider that cannot tell says true). */
    default boolean alive(String instanceId) { return true; }

    /** The provider's name, as DescribeAutoScalingGroups shows it. */
    String name();

    @Override
    default void close() {}
}
