package io.dockyard.core.port;

import java.util.OptionalInt;

/**
 * The desired counts of ECS services as Application Auto Scaling reads and sets them: the service
 * {@code cluster/service} (names, not ARNs) when it exists and is ACTIVE.
 */
public interface DesiredCounts {
    /** The service's desired count; empty when there is no such ACTIVE replica service. */
    OptionalInt get(String cluster, String service);

    /** Sets the desired count (the current deployment scales, as UpdateService with desiredCount alone); false when the service is gone. */
    boolean set(String cluster, String service, int desiredCount);
}
