package io.dockyard.scheduler;

import java.util.List;

/**
 * The one place where the scheduler's failure reasons become prose: the service event ECS writes
 * when a service's task cannot be placed. (RunTask and StartTask report the same failures as they
 * are: instance ARN, reason code, detail.)
 */
public final class FailureMessages {
    private static final List<String> CHECK_ORDER = List.of(
            Reasons.AGENT, Reasons.CPU, Reasons.MEMORY, Reasons.PORTS, Reasons.ATTRIBUTE, Reasons.DISTINCT_INSTANCE);
    private static final String MORE = " For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

    private FailureMessages() {}

    /** As {@link #serviceEvent(String, List)} for a plan's failures. */
    public static String serviceEvent(String serviceName, Plan plan) {
        return serviceEvent(serviceName, plan.failures());
    }

    /**
     * "(service X) was unable to place a task because no container instance met all of its
     * requirements. ..." naming the closest matching instance: the one refused by the latest stage.
     * A failure without an instance (no instance in the cluster, a launch that could not be made)
     * gives its detail, else its reason.
     */
    public static String serviceEvent(String serviceName, List<Plan.Failure> failures) {
        String head = "(service " + serviceName + ") was unable to place a task because no container instance met all of its requirements.";
        Plan.Failure closest = null;
        for (Plan.Failure f : failures) {
            if (closest == null || CHECK_ORDER.indexOf(f.reason()) > CHECK_ORDER.indexOf(closest.reason())) closest = f;
        }
        if (closest == null) return head + MORE;
        if (closest.arn() == null) return head + " Reason: " + sentence(closest.detail() != null ? closest.detail() : closest.reason()) + MORE;
        String id = closest.arn().substring(closest.arn().lastIndexOf('/') + 1);
        return head + " The closest matching (container-instance " + id + ") " + phrase(closest) + MORE;
    }

    private static String phrase(Plan.Failure f) {
        return switch (f.reason()) {
            case Reasons.CPU -> "has insufficient CPU units available.";
            case Reasons.MEMORY -> "has insufficient memory available.";
            case Reasons.PORTS -> "is already using a port required by your task.";
            case Reasons.AGENT -> "has its agent disconnected.";
            case Reasons.INACTIVE -> "is not ACTIVE.";
            case Reasons.ATTRIBUTE -> "encountered error \"MemberOf placement constraint unsatisfied.\".";
            case Reasons.DISTINCT_INSTANCE -> "encountered error \"DistinctInstance placement constraint unsatisfied.\".";
            default -> "encountered error \"" + (f.detail() != null ? f.detail() : f.reason()) + "\".";
        };
    }

    private static String sentence(String s) { return s.endsWith(".") ? s : s + "."; }
}
