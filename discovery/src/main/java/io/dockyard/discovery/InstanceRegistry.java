package io.dockyard.discovery;

import java.util.List;
import java.util.Map;

/**
 * The in-process API for controllers (ECS services with {@code serviceRegistries}): register and
 * deregister Cloud Map instances exactly as RegisterInstance/DeregisterInstance do (same validation,
 * same {@link io.dockyard.core.AwsException} errors), and set their custom health. The DNS server
 * answers the change before the call returns.
 */
public interface InstanceRegistry {

    /** Registers (or updates) the instance; returns the OperationId. Attributes as AWS: AWS_INSTANCE_IPV4, AWS_INSTANCE_PORT, any custom ones. */
    String register(String serviceIdOrArn, String instanceId, Map<String, String> attributes);

    /** Deregisters the instance; returns the OperationId. Unknown → InstanceNotFound. */
    String deregister(String serviceIdOrArn, String instanceId);

    /** The ids of the service's registered instances. Unknown service → ServiceNotFound. */
    List<String> instanceIds(String serviceIdOrArn);

    /** Sets HEALTHY or UNHEALTHY for a service with a custom health check. */
    void health(String serviceIdOrArn, String instanceId, String status);
}
