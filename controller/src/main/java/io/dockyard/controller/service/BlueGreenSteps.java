package io.dockyard.controller.service;

import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.DeploymentConfig;
import io.dockyard.core.model.HookPause;
import io.dockyard.core.model.Service;
import io.dockyard.launch.Deployments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One pass over a blue/green (or LINEAR, CANARY) deployment in progress: the {@link BlueGreenPlanner}'s
 * steps carried out — green tasks started and stopped, test and production traffic shifted, the stage
 * stored, the deployment completed or rolled back.
 */
final class BlueGreenSteps {
    private final BlueGreen blueGreen;
    private final BlueGreenPlanner planner = new BlueGreenPlanner();
    private final ServiceActions actions;
    private final Duration minute;

    BlueGreenSteps(BlueGreen blueGreen, ServiceActions actions, Duration minute) {
        this.blueGreen = blueGreen;
        this.actions = actions;
        this.minute = minute;
    }

    /** The service after this pass, or null if there was nothing to do. */
    Service pass(Service s, BlueGreenState bg, List<TaskView> views, List<String> failing, Instant now) {
        DeploymentConfig cfg = s.deploymentConfig();
        Deployment primary = s.primary();
        boolean stopRequested = primary.id().equals(bg.greenDeploymentId()) && "FAILED".equals(primary.rolloutState());
        LifecycleHooks hooks = blueGreen.hooks(s, bg, minute);
        List<BlueGreenPlanner.Step> steps = planner.plan(bg, views, s.desiredCount(), TrafficShift.of(cfg, minute), now,
                stopRequested, cfg.circuitBreakerEnabled(), hooks);
        if (steps.isEmpty() && failing.isEmpty()) return null;
        Service out = s;
        if (!failing.isEmpty()) out = actions.apply(out, TaskStopper.failedHealthChecks(s, failing), now);
        String green = bg.greenDeploymentId();
        String label = ServiceEvents.deployment(s, green);
        // the hook state as this pass leaves it (several steps of one pass may move it)
        HookPause pause = hooks.pause() != null ? hooks.pause() : new HookPause(bg.serviceArn(), bg.greenDeploymentId(), List.of(), null, null, null, null);
        for (BlueGreenPlanner.Step step : steps) {
            switch (step) {
                case BlueGreenPlanner.Step.Start st -> out = actions.apply(out, new Action.Start(green, st.count()), now);
                case BlueGreenPlanner.Step.Stop st -> out = actions.apply(out, new Action.Stop(st.taskArns(), st.reason()), now);
                case BlueGreenPlanner.Step.ShiftTest st -> {
                    blueGreen.shift(out, bg, BlueGreen.TEST, TrafficShift.ALL);
                    out = Deployments.event(out, label + "test traffic shifted to the green service revision.", now);
                }
                case BlueGreenPlanner.Step.ShiftProduction st -> {
                    blueGreen.shift(out, bg, BlueGreen.PRODUCTION, st.greenPermille());
                    bg = bg.shifted(st.greenPermille(), now);
                    blueGreen.put(bg);
                    out = Deployments.event(out, label + ServiceEvents.productionShifted(st.greenPermille()), now);
                }
                case BlueGreenPlanner.Step.Enter st -> {
                    bg = bg.at(st.stage(), now);
                    blueGreen.put(bg);
                }
                case BlueGreenPlanner.Step.Complete st -> {
                    out = actions.apply(out, new Action.Rollout(green, "COMPLETED", "ECS deployment " + green + " completed."), now);
                    out = out.toBuilder().deployments(out.deployments().stream().filter(Deployment::isPrimary).toList()).build();
                    bg = bg.at(BlueGreenState.Stage.DONE, now);
                    blueGreen.put(bg);
                }
                case BlueGreenPlanner.Step.Rollback st -> out = rollback(out, bg, views, st.reason(), now);
                case BlueGreenPlanner.Step.Pause st -> {
                    pause = blueGreen.pause(pause.paused(st.stage(), java.util.UUID.randomUUID().toString(), now));
                    out = Deployments.event(out, label + "paused by a lifecycle hook at " + st.stage() + ".", now);
                }
                case BlueGreenPlanner.Step.Resume st -> {
                    pause = blueGreen.pause(pause.resumed());
                    out = Deployments.event(out, label + "continued past the lifecycle hook at " + st.stage() + ".", now);
                }
            }
        }
        return out;
    }

    /** Production and test traffic back to blue at once, then green drained and stopped. */
    private Service rollback(Service s, BlueGreenState bg, List<TaskView> views, String reason, Instant now) {
        String green = bg.greenDeploymentId();
        if (s.deployments().stream().noneMatch(d -> d.id().equals(bg.blueDeploymentId()))) {
            blueGreen.put(bg.at(BlueGreenState.Stage.DONE, now));
            return actions.apply(s, new Action.Rollout(green, "FAILED", reason), now);
        }
        blueGreen.toBlue(s, bg);
        blueGreen.put(bg.rolledBack(now));
        Service out = blueGreen.rolledBack(s, bg, reason, now);
        out = Deployments.event(out, ServiceEvents.failed(s, green, reason + " Traffic shifted back to the blue service revision."), now);
        List<String> greenTasks = views.stream().filter(t -> t.deploymentId().equals(green) && t.live() && !t.draining()).map(TaskView::taskArn).toList();
        return greenTasks.isEmpty() ? out : actions.apply(out, new Action.Stop(greenTasks, "Rolled back blue/green deployment " + green), now);
    }
}
