package io.dockyard.protocol;

import java.util.Map;

/** One operation of an AWS JSON service: input structure in, output structure out. */
public interface Operation {
    /** The operation name as in the X-Amz-Target header after the dot, e.g. {@code CreateCluster}. */
    String name();

    /** Runs the operation; throws {@link io.dockyard.core.AwsException} for errors the client should see. */
    Object handle(Map<String, Object> input, RequestContext ctx);
}
