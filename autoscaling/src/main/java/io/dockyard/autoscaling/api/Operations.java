package io.dockyard.autoscaling.api;

import io.dockyard.autoscaling.scaling.Scaler;
import io.dockyard.autoscaling.scaling.TrackingAlarms;
import io.dockyard.autoscaling.state.ScalingState;
import io.dockyard.core.port.Alarming;
import io.dockyard.core.port.DesiredCounts;
import io.dockyard.protocol.Operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Every Application Auto Scaling operation Dockyard answers. */
public final class Operations {
    private Operations() {}

    public static List<Operation> all(ScalingState state, Scaler scaler, Alarming alarms, DesiredCounts services, TrackingAlarms tracking, Clock clock) {
        Api api = new Api(state, scaler, alarms, services, tracking, clock);
        List<Operation> ops = new ArrayList<>();
        ops.addAll(new TargetOperations(api).all());
        ops.addAll(new PolicyOperations(api).all());
        ops.addAll(new ScheduleOperations(api).all());
        ops.addAll(new TagOperations(api).all());
        return ops;
    }
}
