package io.dockyard.autoscaling;

import io.dockyard.autoscaling.api.Operations;
import io.dockyard.autoscaling.scaling.Scaler;
import io.dockyard.autoscaling.scaling.TrackingAlarms;
import io.dockyard.autoscaling.state.ScalingState;
import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.port.Alarming;
import io.dockyard.core.port.DesiredCounts;
import io.dockyard.protocol.JsonService;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Application Auto Scaling assembled: the JSON 1.1 service ({@code AnyScaleFrontendService}, signing
 * name {@code application-autoscaling}) over the state under {@code <data-dir>/autoscaling}, and the
 * scaler loop ({@code autoscaling}, every second, on the leader) that sets ECS services' desired
 * counts from scheduled actions and the CloudWatch alarms of the policies.
 */
public final class AutoScaling {
    public static final String TARGET_PREFIX = "AnyScaleFrontendService";
    public static final String SIGNING_NAME = "application-autoscaling";

    private final ScalingState state;
    private final Scaler scaler;
    private final JsonService service;

    private AutoScaling(ScalingState state, Scaler scaler, JsonService service) {
        this.state = state;
        this.scaler = scaler;
        this.service = service;
    }

    public static AutoScaling start(Path dataDir, Clock clock, Supervisor leader, Alarming alarms, DesiredCounts services, TrackingAlarms tracking) {
        ScalingState state = new ScalingState(dataDir.resolve("autoscaling"), clock);
        Scaler scaler = new Scaler(state, alarms, services, clock);
        JsonService service = JsonService.of(TARGET_PREFIX, SIGNING_NAME, Operations.all(state, scaler, alarms, services, tracking, clock));
        leader.every("autoscaling", Duration.ofSeconds(1), scaler::tick);
        return new AutoScaling(state, scaler, service);
    }

    public JsonService service() { return service; }

    public Scaler scaler() { return scaler; }

    /** Forgets every target, policy, scheduled action and activity (the dev reset). */
    public void reset() { state.clear(); }
}
