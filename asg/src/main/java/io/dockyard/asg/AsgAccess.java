package io.dockyard.asg;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.List;
import java.util.Map;

/** EC2 Auto Scaling's IAM actions ({@code autoscaling:<Operation>}), on {@code *}: a group's ARN carries an id Dockyard's callers never name (conditions on {@code autoscaling:ResourceTag} are not offered). */
public final class AsgAccess implements AccessMapping {
    @Override
    public String service() { return Asg.SIGNING_NAME; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) { return List.of(); }
}
