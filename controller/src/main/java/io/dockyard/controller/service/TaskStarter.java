package io.dockyard.controller.service;

import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a deployment's tasks through the {@link TaskLauncher} (a DAEMON's on the instances that lack
 * one) and records it in the service's events: the tasks started, or why none could be placed (the
 * same reason only once in a row).
 */
final class TaskStarter {
    private final TaskLauncher launcher;
    private final Map<String, String> lastPlacementEvent = new HashMap<>();

    TaskStarter(TaskLauncher launcher) { this.launcher = launcher; }

    Service start(Service s, Action.Start start, DaemonTargets.Targets daemon, Instant now) {
        Deployment d = s.deployments().stream().filter(x -> x.id().equals(start.deploymentId())).findFirst().orElseThrow();
        List<String> started = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (daemon != null) {
            for (String instance : daemon.missing()) {
                if (started.size() >= start.count()) break;
                var l = launcher.launch(s, d, 1, instance);
                started.addAll(l.taskArns());
                failures.addAll(l.failureReasons());
            }
        } else {
            var l = launcher.launch(s, d, start.count(), null);
            started.addAll(l.taskArns());
            failures.addAll(l.failureReasons());
        }
        Service out = s;
        if (!started.isEmpty()) {
            out = Deployments.event(out, ServiceEvents.started(s, started), now);
            lastPlacementEvent.remove(s.arn());
        }
        if (started.size() < start.count()) {
            String reason = failures.isEmpty() ? "no container instance met all of its requirements" : failures.get(0);
            String msg = ServiceEvents.unableToPlace(s, reason);
            if (!msg.equals(lastPlacementEvent.get(s.arn()))) {
                lastPlacementEvent.put(s.arn(), msg);
                out = Deployments.event(out, msg, now);
            }
        }
        return out;
    }
}
