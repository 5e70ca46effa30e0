package io.dockyard.controller.service;

import io.dockyard.core.model.Service;

import java.util.List;
import java.util.Locale;

/** The text of the events the service scheduler adds to a service, worded as ECS words them. */
final class ServiceEvents {
    private ServiceEvents() {}

    /** "(service web) has started 2 tasks: [(task a), (task b)]." */
    static String started(Service s, List<String> taskArns) {
        return "(service " + s.name() + ") has started " + taskArns.size() + " tasks: " + labels(taskArns) + ".";
    }

    /** "(service web) has stopped 2 running tasks: [(task a), (task b)]." */
    static String stopped(Service s, List<String> taskArns) {
        return "(service " + s.name() + ") has stopped " + taskArns.size() + " running tasks: " + labels(taskArns) + ".";
    }

    static String steady(Service s) { return "(service " + s.name() + ") has reached a steady state."; }

    /** The prefix of an event about one deployment: "(service web) (deployment ecs-svc/1) ". */
    static String deployment(Service s, String deploymentId) { return "(service " + s.name() + ") (deployment " + deploymentId + ") "; }

    static String completed(Service s, String deploymentId) { return deployment(s, deploymentId) + "deployment completed."; }

    static String failed(Service s, String deploymentId, String reason) { return deployment(s, deploymentId) + "deployment failed: " + reason; }

    /** How much production traffic the green revision of a blue/green, linear or canary deployment has now. */
    static String productionShifted(int greenPermille) {
        if (greenPermille >= TrafficShift.ALL) return "production traffic shifted to the green service revision.";
        return String.format(Locale.ROOT, "production traffic shifted: %.1f%% to the green service revision, %.1f%% to the blue service revision.",
                greenPermille / 10.0, (TrafficShift.ALL - greenPermille) / 10.0);
    }

    private static List<String> labels(List<String> taskArns) {
        return taskArns.stream().map(arn -> "(task " + arn.substring(arn.lastIndexOf('/') + 1) + ")").toList();
    }
}
