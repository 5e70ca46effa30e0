package io.dockyard.asg.model;

import io.dockyard.core.port.Kind;

/** The stored record kinds of EC2 Auto Scaling (in the control plane's store, so a fleet shares them). */
public final class AsgKinds {
    private AsgKinds() {}

    public static final Kind<AutoScalingGroup> GROUP = Kind.of("asg.group", AutoScalingGroup.class, AutoScalingGroup::name);
    public static final Kind<AsgActivity> ACTIVITY = Kind.of("asg.activity", AsgActivity.class, AsgActivity::id);
}
