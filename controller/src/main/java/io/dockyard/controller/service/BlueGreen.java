package io.dockyard.controller.service;

import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.HookPause;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.launch.Deployments;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored side of BLUE_GREEN, LINEAR and CANARY services: their {@link BlueGreenState}, which
 * target group each task goes to, the listener rules to shift (at once or by weight), and the
 * deployment bookkeeping of a rollback.
 */
public final class BlueGreen {
    private final Store store;
    private final TaskEndpoints endpoints;

    BlueGreen(Store store, TaskEndpoints endpoints) {
        this.store = store;
        this.endpoints = endpoints;
    }

    /** The listener rule of an advancedConfiguration that carries production traffic. */
    static final String PRODUCTION = "productionListenerRule";
    /** The listener rule of an advancedConfiguration that carries test traffic. */
    static final String TEST = "testListenerRule";

    /** A replica service with deploymentConfiguration.strategy BLUE_GREEN, LINEAR or CANARY. */
    static boolean applies(Service s) { return Deployments.shiftsTraffic(s); }

    /**
     * The service's state, created (nothing in progress, the primary serving from targetGroupArn) when
     * missing; a new primary deployment starts a flow, and one arriving mid-flow replaces green (test
     * and production traffic back on blue first) or, once production is on green, makes it the new blue.
     */
    BlueGreenState state(Service s, Instant now) {
        String primary = s.primary().id();
        BlueGreenState stored = store.get(BlueGreenState.KIND, s.arn()).orElse(null);
        BlueGreenState st = stored;
        BlueGreenState next = st;
        if (st == null) {
            // the first deployment serves from targetGroupArn; a service just switched to BLUE_GREEN serves from its previous deployment
            String serving = s.deployments().stream().filter(d -> !d.isPrimary()).map(Deployment::id).findFirst().orElse(primary);
            next = new BlueGreenState(s.arn(), null, serving, false, BlueGreenState.Stage.DONE, now, TrafficShift.ALL);
            st = next;
        }
        if (!primary.equals(st.greenDeploymentId()) && !"FAILED".equals(s.primary().rolloutState())) {
            if (st.stage() == BlueGreenState.Stage.DONE || st.productionOnGreen()) next = st.rollOut(primary, now);
            else {
                if (st.stage() != BlueGreenState.Stage.SCALE_UP) toBlue(s, st);
                next = new BlueGreenState(s.arn(), st.blueDeploymentId(), primary, st.greenOnAlternate(), BlueGreenState.Stage.SCALE_UP, now, 0);
            }
        }
        if (next != stored) store.put(BlueGreenState.KIND, next);
        return next;
    }

    void put(BlueGreenState st) { store.put(BlueGreenState.KIND, st); }

    /** The service's PAUSE lifecycle hooks and, if they belong to green, where they stand. */
    LifecycleHooks hooks(Service s, BlueGreenState st, java.time.Duration minute) {
        var hooks = LifecycleHooks.of(s.deploymentConfig().raw(), minute);
        if (hooks.isEmpty()) return LifecycleHooks.NONE;
        HookPause p = store.get(HookPause.KIND, s.arn()).filter(x -> st.greenDeploymentId().equals(x.deploymentId())).orElse(null);
        return new LifecycleHooks(hooks, p);
    }

    HookPause pause(HookPause p) {
        store.put(HookPause.KIND, p);
        return p;
    }

    /** Green's tasks in green's target groups, every other task in blue's. */
    static TaskEndpoints.Placement placement(BlueGreenState st) {
        return (task, lb) -> {
            String alt = Doc.str(Doc.map(lb, "advancedConfiguration"), "alternateTargetGroupArn");
            boolean onAlt = alt != null && st.onAlternate(task.startedBy() == null ? "" : task.startedBy());
            return onAlt ? alt : String.valueOf(lb.get("targetGroupArn"));
        };
    }

    /**
     * Gives green's target group {@code greenPermille} of every entry's {@code rule} ({@link #PRODUCTION}
     * or {@link #TEST}) and blue's the rest, with {@link TrafficShift#weights} (other groups of the rule get 0).
     */
    void shift(Service s, BlueGreenState st, String rule, int greenPermille) {
        TrafficShift.Weights w = TrafficShift.weights(greenPermille);
        for (Map<String, Object> lb : s.loadBalancers()) {
            Map<String, Object> adv = Doc.map(lb, "advancedConfiguration");
            String ruleArn = Doc.str(adv, rule);
            String alt = Doc.str(adv, "alternateTargetGroupArn");
            if (ruleArn == null || alt == null) continue;
            String own = String.valueOf(lb.get("targetGroupArn"));
            Map<String, Integer> weights = new LinkedHashMap<>();
            weights.put(st.greenOnAlternate() ? own : alt, w.blue());
            weights.put(st.greenOnAlternate() ? alt : own, w.green());
            endpoints.weigh(ruleArn, weights);
        }
    }

    /** Production and test traffic back on blue at once. */
    void toBlue(Service s, BlueGreenState st) {
        shift(s, st, PRODUCTION, 0);
        shift(s, st, TEST, 0);
    }

    /** Blue is PRIMARY (and the service's task definition) again; green FAILED; its history record ROLLBACK_SUCCESSFUL. */
    Service rolledBack(Service s, BlueGreenState st, String reason, Instant now) {
        Deployment blue = s.deployments().stream().filter(d -> d.id().equals(st.blueDeploymentId())).findFirst().orElse(null);
        if (blue == null) return s;
        List<Deployment> deps = s.deployments().stream().map(d -> {
            if (d.id().equals(st.greenDeploymentId())) return d.withRollout("FAILED", reason, "ROLLBACK_SUCCESSFUL", now).withStatus("ACTIVE", now);
            if (d.id().equals(blue.id())) return d.withStatus("PRIMARY", now);
            return d;
        }).toList();
        store.list(Kinds.SERVICE_DEPLOYMENT, sd -> st.greenDeploymentId().equals(sd.deploymentId()) && !isFinal(sd)).forEach(sd -> {
            ServiceDeployment r = "ROLLBACK_IN_PROGRESS".equals(sd.status()) ? sd : sd.withRollback(reason, now, blue.taskDefinitionArn());
            store.put(Kinds.SERVICE_DEPLOYMENT, r.withStatus("ROLLBACK_SUCCESSFUL", "Rolled back to " + blue.taskDefinitionArn() + ".", now));
        });
        return s.toBuilder().deployments(deps).taskDefinitionArn(blue.taskDefinitionArn()).build();
    }

    private static boolean isFinal(ServiceDeployment sd) {
        return List.of("SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED").contains(sd.status());
    }
}
