package io.dockyard.controller.service;

import io.dockyard.core.Doc;
import io.dockyard.core.model.HookPause;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The PAUSE deployment lifecycle hooks of a BLUE_GREEN, LINEAR or CANARY deployment and where they
 * stand ({@code pause}: the stages passed and the one paused, null before the first pause). A hook
 * without timeoutConfiguration waits until ContinueServiceDeployment.
 */
public record LifecycleHooks(List<Hook> hooks, HookPause pause) {

    /** No hooks. */
    public static final LifecycleHooks NONE = new LifecycleHooks(List.of(), null);

    /** A PAUSE hook: its stages, its timeout (null: none) and the action taken when it runs out. */
    public record Hook(List<String> stages, Duration timeout, String timeoutAction) {}

    /** The PAUSE hooks of a deploymentConfiguration (AWS_LAMBDA hooks are refused at the API). */
    static List<Hook> of(Map<String, Object> cfg, Duration minute) {
        List<Hook> out = new ArrayList<>();
        for (Map<String, Object> h : Doc.maps(cfg, "lifecycleHooks")) {
            if (!"PAUSE".equals(Doc.str(h, "targetType"))) continue;
            Map<String, Object> t = Doc.map(h, "timeoutConfiguration");
            Integer minutes = Doc.integer(t, "timeoutInMinutes");
            String action = Doc.str(t, "action");
            out.add(new Hook(Doc.strings(h, "lifecycleStages"), minutes == null ? null : minute.multipliedBy(minutes),
                    action == null ? "CONTINUE" : action));
        }
        return out;
    }

    private Hook at(String stage) {
        return hooks.stream().filter(h -> h.stages().contains(stage)).findFirst().orElse(null);
    }

    /** Whether a hook is paused now. */
    boolean paused() { return pause != null && pause.isPaused(); }

    /** The paused hook's action: ContinueServiceDeployment's, or the timeout's once it ran out; null while waiting. */
    String decision(Instant now) {
        if (pause == null || !pause.isPaused()) return null;
        if (pause.decision() != null) return pause.decision();
        Hook hook = at(pause.stage());
        if (hook == null) return "CONTINUE"; // the hook was removed by UpdateService
        if (hook.timeout() != null && !now.isBefore(pause.since().plus(hook.timeout()))) return hook.timeoutAction();
        return null;
    }

    /**
     * Whether the deployment may go past {@code stage}: yes without a PAUSE hook there or once it was
     * passed; otherwise a {@link BlueGreenPlanner.Step.Pause} (first time), a
     * {@link BlueGreenPlanner.Step.Resume} (CONTINUE) or nothing (still waiting) is added to {@code steps}.
     * A ROLLBACK decision is the planner's to take before any gate.
     */
    boolean pass(String stage, Instant now, List<BlueGreenPlanner.Step> steps) {
        if (at(stage) == null || pause != null && pause.passed().contains(stage)) return true;
        if (pause == null || !stage.equals(pause.stage())) {
            steps.add(new BlueGreenPlanner.Step.Pause(stage));
            return false;
        }
        if (!"CONTINUE".equals(decision(now))) return false;
        steps.add(new BlueGreenPlanner.Step.Resume(stage));
        return true;
    }
}
