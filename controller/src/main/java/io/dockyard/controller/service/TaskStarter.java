package io.dockyard.controller.service;

import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.launch.Deployments;
import io.dockyard.launch.Launched;
import io.dockyard.launch.ServiceLaunches;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a deployment's tasks through the application layer ({@link ServiceLaunches}: placed by the
 * scheduler, a DAEMON's on the matching instances that lack one) and records it in the service's
 * events: the tasks started, or why one could not be placed (the scheduler's failures in ECS words,
 * the same event only once in a row).
 */
final class TaskStarter {
    private final ServiceLaunches launches;
    private final Map<String, String> lastPlacementEvent = new HashMap<>();

    TaskStarter(ServiceLaunches launches) { this.launches = launches; }

    Service start(Service s, Action.Start start, Instant now) {
        Deployment d = s.deployments().stream().filter(x -> x.id().equals(start.deploymentId())).findFirst().orElseThrow();
        Launched launched = launches.launch(s, d, start.count());
        List<String> started = launched.tasks().stream().map(Task::taskArn).toList();
        Service out = s;
        if (!started.isEmpty()) {
            out = Deployments.event(out, ServiceEvents.started(s, started), now);
            lastPlacementEvent.remove(s.arn());
        }
        if (started.size() < start.count() && !launched.failures().isEmpty()) {
            String msg = launched.unableToPlace(s.name());
            if (!msg.equals(lastPlacementEvent.get(s.arn()))) {
                lastPlacementEvent.put(s.arn(), msg);
                out = Deployments.event(out, msg, now);
            }
        }
        return out;
    }
}
