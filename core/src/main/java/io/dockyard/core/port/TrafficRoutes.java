package io.dockyard.core.port;

import java.util.Map;
import java.util.Optional;

/**
 * The load balancer as deployment controllers outside ECS see it (CodeDeploy's ECS blue/green): target
 * groups by name, and the weights of a listener's forward action, read and shifted. Errors are the
 * load balancer API's ({@link io.dockyard.core.AwsException}).
 */
public interface TrafficRoutes {
    /** The ARN of the target group with this name. */
    Optional<String> targetGroupArn(String name);

    /** Whether a listener with this ARN exists. */
    boolean listenerExists(String listenerArn);

    /** The weight of each target group of the listener's default forward action (empty: no forward action). */
    Map<String, Integer> weights(String listenerArn);

    /** Splits the listener's default forward action: each group of {@code weights} gets its weight, every other one 0. */
    void weigh(String listenerArn, Map<String, Integer> weights);
}
