package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.port.Kinds;
import io.dockyard.launch.Deployments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DescribeServiceDeployments: up to 20 by ARN; unknown ones in {@code failures}; for a BLUE_GREEN,
 * LINEAR or CANARY deployment in progress its {@code lifecycleStage} and the revisions' requested
 * production and test traffic weights.
 */
public final class DescribeServiceDeploymentsHandler extends EcsOperation {
    public DescribeServiceDeploymentsHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        List<String> arns = Doc.strings(in, "serviceDeploymentArns");
        if (arns.isEmpty()) throw AwsException.invalidParameter("serviceDeploymentArns can not be empty.");
        if (arns.size() > 20) throw AwsException.invalidParameter("serviceDeploymentArns can have at most 20 elements.");
        List<Object> found = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        for (String arn : arns) {
            var sd = ecs.store().get(Kinds.SERVICE_DEPLOYMENT, arn);
            if (sd.isPresent()) {
                Out out = ServiceShapes.serviceDeployment(sd.get(), circuitBreaker(sd.get()));
                shifting(sd.get()).ifPresent(st -> traffic(out, st));
                paused(sd.get()).ifPresent(p -> out.with("lifecycleStage", p.stage()).with("lifecycleHookDetails",
                        List.of(Out.obj().with("hookId", p.hookId()).with("targetType", "PAUSE").with("status", "IN_PROGRESS"))));
                found.add(out);
            }
            else failures.add(Out.obj().with("arn", arn).with("reason", "MISSING"));
        }
        return Out.obj().with("serviceDeployments", found).with("failures", failures);
    }

    /** Where an in-progress BLUE_GREEN, LINEAR or CANARY deployment stands; empty otherwise. */
    private Optional<BlueGreenState> shifting(ServiceDeployment sd) {
        if (!"IN_PROGRESS".equals(sd.status())) return Optional.empty();
        return ecs.store().get(BlueGreenState.KIND, sd.serviceArn())
                .filter(st -> sd.deploymentId().equals(st.greenDeploymentId()) && st.stage() != BlueGreenState.Stage.DONE);
    }

    /** The PAUSE lifecycle hook an in-progress deployment waits at; empty otherwise. */
    private Optional<io.dockyard.core.model.HookPause> paused(ServiceDeployment sd) {
        if (!"IN_PROGRESS".equals(sd.status())) return Optional.empty();
        return ecs.store().get(io.dockyard.core.model.HookPause.KIND, sd.serviceArn())
                .filter(p -> p.isPaused() && p.decision() == null && sd.deploymentId().equals(p.deploymentId()));
    }

    /** The stage, and the share of production and test traffic (percent) of the target revision (green) and the source ones (blue). */
    private static void traffic(Out out, BlueGreenState st) {
        double production = st.productionPermille() / 10.0;
        // the test listener rules point at green from the first pass in TEST_TRAFFIC_SHIFT on (also while a hook pauses there)
        double test = st.stage().compareTo(BlueGreenState.Stage.TEST_TRAFFIC_SHIFT) >= 0 ? 100.0 : 0.0;
        out.with("lifecycleStage", st.stage().name());
        ((Out) out.get("targetServiceRevision")).with(PRODUCTION, production).with(TEST, test);
        for (Object source : (List<?>) out.get("sourceServiceRevisions")) ((Out) source).with(PRODUCTION, 100.0 - production).with(TEST, 100.0 - test);
    }

    private static final String PRODUCTION = "requestedProductionTrafficWeight";
    private static final String TEST = "requestedTestTrafficWeight";

    private Out circuitBreaker(ServiceDeployment sd) {
        var svc = ecs.store().list(Kinds.SERVICE, s -> s.arn().equals(sd.serviceArn())).stream().findFirst();
        if (svc.isEmpty() || !svc.get().deploymentConfig().circuitBreakerEnabled()) return Out.obj().with("status", "DISABLED");
        long failed = ecs.store().list(Kinds.TASK, t -> sd.deploymentId().equals(t.startedBy()) && t.isStopped()
                && ("TaskFailedToStart".equals(t.stopCode()) || "EssentialContainerExited".equals(t.stopCode()))).size();
        int threshold = Deployments.failureThreshold(svc.get().desiredCount());
        String status = failed >= threshold ? "TRIGGERED" : "MONITORING";
        if (!"IN_PROGRESS".equals(sd.status()) && failed < threshold) status = "MONITORING_COMPLETE";
        return Out.obj().with("status", status).with("failureCount", failed).with("threshold", threshold);
    }

}
