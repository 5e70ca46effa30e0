package io.dockyard.loadbalancer;

import java.util.List;

/**
 * The in-process API for controllers (ECS services with {@code loadBalancers}): register and
 * deregister targets of a target group exactly as RegisterTargets/DeregisterTargets do (same
 * validation, same errors as {@link io.dockyard.core.AwsException}), and read their health.
 * For an {@code ip} target group pass the IP and the host port; for an {@code instance} target group
 * the container instance's ec2InstanceId and the port (traffic goes to the address the instance advertises).
 */
public interface TargetRegistry {

    /** Registers the target (idempotent). Throws TargetGroupNotFound / InvalidTarget as the API does. */
    void register(String targetGroupArn, String id, int port);

    /** Deregisters the target: it stops getting new requests at once and drains for the deregistration delay. */
    void deregister(String targetGroupArn, String id, int port);

    /** The health of every registered (and still draining) target of the group. */
    List<TargetHealth> health(String targetGroupArn);
}
