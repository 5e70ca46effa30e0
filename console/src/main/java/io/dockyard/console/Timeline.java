package io.dockyard.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A service's timeline, newest first: its deployments (ListServiceDeployments/DescribeServiceDeployments: revision,
 * status, lifecycle stage of a blue/green, linear or canary shift, circuit breaker and rollback) among its events
 * (tasks started and stopped, steady state, traffic steps) and any other steps given (scaling activities).
 */
final class Timeline {
    static final int MAX_STEPS = 80;

    private Timeline() {}

    static List<Views.Step> of(Views.Service service, List<JsonNode> deployments, List<Views.Step> others) {
        List<Views.Step> steps = new ArrayList<>(others);
        for (JsonNode d : deployments) {
            String status = Views.text(d, "status");
            StringBuilder detail = new StringBuilder();
            JsonNode target = d.path("targetServiceRevision");
            if (!target.isMissingNode() && target.path("requestedTaskCount").asInt() > 0) {
                detail.append("target revision: ").append(target.path("requestedTaskCount").asInt()).append(" requested, ")
                        .append(target.path("runningTaskCount").asInt()).append(" running, ")
                        .append(target.path("pendingTaskCount").asInt()).append(" pending");
            }
            String stage = Views.text(d, "lifecycleStage");
            if (!stage.isEmpty()) detail.append("; stage ").append(stage);
            String strategy = Views.text(d.path("deploymentConfiguration"), "strategy");
            if (!strategy.isEmpty()) detail.append("; strategy ").append(strategy);
            JsonNode breaker = d.path("deploymentCircuitBreaker");
            if (!breaker.isMissingNode() && !Views.text(breaker, "status").isEmpty()) {
                detail.append("; circuit breaker ").append(Views.text(breaker, "status")).append(" (").append(breaker.path("failureCount").asInt())
                        .append(" of ").append(breaker.path("threshold").asInt()).append(" failures)");
            }
            JsonNode rollback = d.path("rollback");
            if (!rollback.isMissingNode() && !Views.text(rollback, "reason").isEmpty()) detail.append("; rolled back: ").append(Views.text(rollback, "reason"));
            String reason = Views.text(d, "statusReason");
            if (!reason.isEmpty()) detail.append("; ").append(reason);
            String css = status.contains("ROLLBACK") || status.equals("FAILED") || status.equals("STOPPED") ? "deployment bad"
                    : status.equals("SUCCESSFUL") ? "deployment ok" : "deployment";
            steps.add(new Views.Step(Views.time(d, "createdAt"), css, "Deployment " + Views.lastSegment(Views.text(d, "serviceDeploymentArn"))
                    + " " + status, detail.toString()));
        }
        for (Views.Event e : service.events()) {
            String m = e.message().toLowerCase(java.util.Locale.ROOT);
            String css = m.contains("steady state") || m.contains("completed") ? "ok"
                    : m.contains("unable") || m.contains("failed") || m.contains("circuit breaker") || m.contains("rolling back") || m.contains("unhealthy") ? "bad" : "";
            steps.add(new Views.Step(e.at(), css, e.message(), ""));
        }
        steps.sort(Comparator.comparing(Views.Step::at, Comparator.nullsLast(Comparator.reverseOrder())));
        return steps.size() > MAX_STEPS ? steps.subList(0, MAX_STEPS) : steps;
    }
}
