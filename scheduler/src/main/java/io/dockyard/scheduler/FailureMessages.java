package io.dockyard.scheduler;

import java.util.List;

/** The service event text ECS writes when a service task cannot be placed. */
public final class FailureMessages {
    private static final List<String> CHECK_ORDER = List.of(
            Reasons.AGENT, Reasons.CPU, Reasons.MEMORY, Reasons.PORTS, Reasons.ATTRIBUTE, Reasons.DISTINCT_INSTANCE);
    private static final String MORE = " For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

    private FailureMessages() {}

    /**
     * "service X was unable to place a task because no container instance met all of its
     * requirements. ..." naming the closest matching instance: the one refused by the latest stage.
     */
    public static String serviceEvent(String serviceName, Plan plan) {
        String head = "service " + serviceName + " was unable to place a task because no container instance met all of its requirements.";
        if (plan.hasNoContainerInstances()) return head + " Reason: " + Reasons.NO_CONTAINER_INSTANCES_MESSAGE + MORE;
        Plan.Failure closest = null;
        for (Plan.Failure f : plan.failures()) {
            if (closest == null || CHECK_ORDER.indexOf(f.reason()) > CHECK_ORDER.indexOf(closest.reason())) closest = f;
        }
        if (closest == null || closest.arn() == null) return head + MORE;
        String id = closest.arn().substring(closest.arn().lastIndexOf('/') + 1);
        return head + " The closest matching container-instance " + id + " " + phrase(closest.reason()) + MORE;
    }

    private static String phrase(String reason) {
        return switch (reason) {
            case Reasons.CPU -> "has insufficient CPU units available.";
            case Reasons.MEMORY -> "has insufficient memory available.";
            case Reasons.PORTS -> "is already using a port required by your task.";
            case Reasons.ATTRIBUTE -> "encountered error \"MemberOf placement constraint unsatisfied.\".";
            case Reasons.DISTINCT_INSTANCE -> "encountered error \"DistinctInstance placement constraint unsatisfied.\".";
            default -> "encountered error \"" + reason + "\".";
        };
    }
}
