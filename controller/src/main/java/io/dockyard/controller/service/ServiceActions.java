package io.dockyard.controller.service;

import io.dockyard.core.model.Service;
import io.dockyard.launch.Deployments;

import java.time.Instant;
import java.util.List;

/** Carries out the reconciler's {@link Action}s on a service: task starts and stops, rollouts, rollbacks, events. */
final class ServiceActions {
    private final TaskStarter starter;
    private final TaskStopper stopper;
    private final Rollouts rollouts;

    ServiceActions(TaskStarter starter, TaskStopper stopper, Rollouts rollouts) {
        this.starter = starter;
        this.stopper = stopper;
        this.rollouts = rollouts;
    }

    /** The service after the action. */
    Service apply(Service s, Action a, Instant now) {
        return switch (a) {
            case Action.Start start -> starter.start(s, start, now);
            case Action.Stop stop -> {
                // a task already draining or told to stop is not stopped again (nor reported again: a pass that only
                // repeated a stop changes nothing, so it does not wake the next pass)
                List<String> fresh = stop.taskArns().stream().filter(stopper::stoppable).toList();
                for (String arn : fresh) stopper.stopOrDrain(s, arn, stop.reason(), now);
                yield fresh.isEmpty() ? s : Deployments.event(s, ServiceEvents.stopped(s, fresh), now);
            }
            case Action.Rollout r -> rollouts.rollout(s, r, now);
            case Action.Rollback rb -> rollouts.rollback(s, rb, now);
            case Action.Retire re -> s.toBuilder().deployments(s.deployments().stream().filter(d -> !d.id().equals(re.deploymentId())).toList()).build();
            case Action.Event e -> Deployments.event(s, e.message(), now);
        };
    }
}
