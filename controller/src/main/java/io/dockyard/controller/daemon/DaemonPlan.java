package io.dockyard.controller.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daemon scheduler's decision as a pure function: the instances that should hold one task of the
 * daemon, the daemon's tasks, and its deployment → which instances get a task of the target
 * definition, which tasks stop, and where the deployment stands. A new instance gets its task at once;
 * instances still running an older definition are replaced {@code drainPercent} of them at a time
 * (at least one), each old task stopped before its replacement starts (one task per instance, as the
 * ports of a daemon are the host's); the deployment is ready when every instance runs the target, and
 * done {@code bake} after that.
 */
public final class DaemonPlan {
    private DaemonPlan() {}

    /** One of the daemon's tasks as the plan sees it. */
    public record TaskView(String taskArn, String instanceArn, String taskDefinitionArn, String lastStatus, String desiredStatus, long createdSeq) {
        boolean live() { return "RUNNING".equals(desiredStatus) && !"STOPPED".equals(lastStatus); }
        boolean stopping() { return !"RUNNING".equals(desiredStatus) && !"STOPPED".equals(lastStatus); }
        boolean running() { return live() && "RUNNING".equals(lastStatus); }
    }

    /** What to do now. {@code deploymentStatus}: IN_PROGRESS, READY (all on target, baking) or SUCCESSFUL; null when deleting. */
    public record Decision(List<String> launchOn, Map<String, String> stops, String deploymentStatus, boolean gone) {}

    /**
     * @param eligible the ACTIVE instances of the daemon's capacity providers (ARNs)
     * @param readyAt when every instance first ran the target (null: not yet)
     */
    public static Decision decide(boolean deleting, List<String> eligible, List<TaskView> tasks, String target, Double drainPercent,
                                  Instant readyAt, Duration bake, Instant now) {
        Map<String, String> stops = new LinkedHashMap<>();
        if (deleting) {
            tasks.stream().filter(TaskView::live).forEach(t -> stops.put(t.taskArn(), "Daemon is being deleted"));
            boolean gone = tasks.stream().allMatch(t -> "STOPPED".equals(t.lastStatus()));
            return new Decision(List.of(), stops, null, gone);
        }
        Set<String> wanted = Set.copyOf(eligible);
        Map<String, List<TaskView>> byInstance = new LinkedHashMap<>();
        for (TaskView t : tasks) {
            if (t.instanceArn() == null || "STOPPED".equals(t.lastStatus())) continue;
            byInstance.computeIfAbsent(t.instanceArn(), k -> new ArrayList<>()).add(t);
        }
        for (TaskView t : tasks) {
            if (t.live() && t.instanceArn() != null && !wanted.contains(t.instanceArn())) {
                stops.put(t.taskArn(), "Container instance is not ACTIVE in the daemon's capacity providers");
            }
        }
        List<String> launchOn = new ArrayList<>();
        List<TaskView> old = new ArrayList<>();
        int inFlight = 0;
        for (String instance : eligible) {
            List<TaskView> here = byInstance.getOrDefault(instance, List.of());
            List<TaskView> live = here.stream().filter(TaskView::live)
                    .sorted(Comparator.comparing((TaskView t) -> !target.equals(t.taskDefinitionArn())).thenComparing(TaskView::createdSeq, Comparator.reverseOrder()))
                    .toList();
            for (TaskView extra : live.subList(Math.min(1, live.size()), live.size())) stops.put(extra.taskArn(), "Only one daemon task per container instance");
            boolean stoppingHere = here.stream().anyMatch(TaskView::stopping);
            if (live.isEmpty()) {
                if (stoppingHere) inFlight++;
                else launchOn.add(instance);
                continue;
            }
            TaskView kept = live.get(0);
            if (!target.equals(kept.taskDefinitionArn())) old.add(kept);
            else if (!kept.running()) inFlight++;
        }
        int allowance = Math.max(1, (int) Math.ceil(eligible.size() * (drainPercent == null ? 25.0 : drainPercent) / 100.0));
        int room = allowance - inFlight - launchOn.size();
        old.sort(Comparator.comparing(TaskView::createdSeq));
        for (TaskView t : old) {
            if (room-- <= 0) break;
            stops.put(t.taskArn(), "Daemon deployment: replaced by " + target);
        }
        boolean allOnTarget = old.isEmpty() && launchOn.isEmpty() && inFlight == 0 && stops.isEmpty();
        String status = !allOnTarget ? "IN_PROGRESS" : readyAt != null && !now.isBefore(readyAt.plus(bake)) ? "SUCCESSFUL" : "READY";
        return new Decision(launchOn, stops, status, false);
    }
}
