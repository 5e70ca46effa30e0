package io.dockyard.autoscaling;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.List;
import java.util.Map;

/** Application Auto Scaling's IAM actions ({@code application-autoscaling:<Operation>}): the Service Authorization Reference scopes them to {@code *} (scalable targets are named by the service's own resource ids). */
public final class AutoScalingAccess implements AccessMapping {
    @Override
    public String service() { return AutoScaling.SIGNING_NAME; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) { return List.of(); }
}
