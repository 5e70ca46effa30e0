package io.dockyard.codedeploy.api;

import io.dockyard.codedeploy.CdKinds;
import io.dockyard.codedeploy.model.Application;
import io.dockyard.codedeploy.model.DeploymentGroup;
import io.dockyard.core.model.Service;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.core.port.TrafficRoutes;
import io.dockyard.protocol.JsonInput;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CreateDeploymentGroup, GetDeploymentGroup, ListDeploymentGroups, UpdateDeploymentGroup and
 * DeleteDeploymentGroup for ECS applications: one ECS service with the CODE_DEPLOY deployment
 * controller, a pair of existing target groups, one production listener (and optionally a test one).
 */
final class DeploymentGroupOperations {
    private final Store store;
    private final Clock clock;
    private final TrafficRoutes routes;

    DeploymentGroupOperations(Store store, Clock clock, TrafficRoutes routes) {
        this.store = store;
        this.clock = clock;
        this.routes = routes;
    }

    List<Operation> all() {
        return List.of(NamedOperation.of("CreateDeploymentGroup", this::create), NamedOperation.of("GetDeploymentGroup", this::get),
                NamedOperation.of("ListDeploymentGroups", this::list), NamedOperation.of("UpdateDeploymentGroup", this::update),
                NamedOperation.of("DeleteDeploymentGroup", this::delete));
    }

    static DeploymentGroup find(Store store, String application, String name) {
        ApplicationOperations.find(store, application);
        if (name == null || name.isEmpty()) throw CdErrors.groupNameRequired();
        return store.get(CdKinds.GROUP, application + "|" + name).orElseThrow(() -> CdErrors.groupDoesNotExist(name));
    }

    /** The group as the input describes it (an ECS blue/green group), checked; {@code base} gives what the input leaves out. */
    private DeploymentGroup parse(JsonInput in, Application app, String name, DeploymentGroup base, RequestContext ctx) {
        if (!"ECS".equals(app.computePlatform())) {
            throw CdErrors.invalidComputePlatform("Dockyard deploys ECS applications only; application " + app.name() + " is " + app.computePlatform() + ".");
        }
        String role = in.has("serviceRoleArn") ? in.str("serviceRoleArn") : base == null ? null : base.serviceRoleArn();
        if (role == null || role.isEmpty()) throw CdErrors.roleRequired();
        if (!role.startsWith("arn:")) throw CdErrors.invalidRole("The service role ARN is not valid: " + role);
        String config = in.has("deploymentConfigName") ? in.str("deploymentConfigName")
                : base == null ? "CodeDeployDefault.ECSAllAtOnce" : base.deploymentConfigName();
        DeploymentConfigOperations.find(store, config);

        JsonInput style = in.struct("deploymentStyle");
        if (style != null && (!"BLUE_GREEN".equals(style.str("deploymentType")) || !"WITH_TRAFFIC_CONTROL".equals(style.str("deploymentOption")))) {
            throw CdErrors.invalidDeploymentStyle("An ECS deployment group must use deploymentType BLUE_GREEN with deploymentOption WITH_TRAFFIC_CONTROL.");
        }
        String cluster = base == null ? null : base.clusterName();
        String serviceName = base == null ? null : base.serviceName();
        String clusterArn = base == null ? null : base.clusterArn();
        if (in.has("ecsServices")) {
            List<JsonInput> services = in.structs("ecsServices");
            if (services.size() != 1) throw CdErrors.ecsServiceRequired();
            cluster = services.get(0).str("clusterName");
            serviceName = services.get(0).str("serviceName");
            clusterArn = ctx.arns().cluster(cluster);
            Service s = store.get(Kinds.SERVICE, clusterArn + "|" + serviceName).filter(x -> "ACTIVE".equals(x.status()))
                    .orElseThrow(() -> CdErrors.invalidEcsService("The ECS service " + services.get(0).str("serviceName") + " in cluster "
                            + services.get(0).str("clusterName") + " does not exist or is not ACTIVE."));
            if (!"CODE_DEPLOY".equals(s.deploymentControllerType())) {
                throw CdErrors.invalidEcsService("The ECS service " + serviceName + " must use the CODE_DEPLOY deployment controller.");
            }
        }
        if (cluster == null) throw CdErrors.invalidEcsService("An ECS deployment group needs ecsServices.");

        List<String> tgs = base == null ? null : base.targetGroupNames();
        List<String> prod = base == null ? null : base.prodListenerArns();
        List<String> test = base == null ? List.of() : base.testListenerArns();
        JsonInput lbInfo = in.struct("loadBalancerInfo");
        if (lbInfo != null) {
            List<JsonInput> pairs = lbInfo.structs("targetGroupPairInfoList");
            if (pairs.size() != 1) throw CdErrors.invalidTargetGroupPair("An ECS deployment group needs exactly one target group pair.");
            JsonInput pair = pairs.get(0);
            tgs = pair.structs("targetGroups").stream().map(t -> t.str("name")).toList();
            if (tgs.size() != 2 || tgs.get(0) == null || tgs.get(0).equals(tgs.get(1))) {
                throw CdErrors.invalidTargetGroupPair("A target group pair needs two different target groups.");
            }
            for (String tg : tgs) {
                if (routes.targetGroupArn(tg).isEmpty()) throw CdErrors.invalidTargetGroupPair("The target group " + tg + " does not exist.");
            }
            JsonInput prodRoute = pair.struct("prodTrafficRoute");
            prod = prodRoute == null ? List.of() : prodRoute.strings("listenerArns");
            JsonInput testRoute = pair.struct("testTrafficRoute");
            test = testRoute == null ? List.of() : testRoute.strings("listenerArns");
            if (prod.size() != 1) throw CdErrors.invalidTargetGroupPair("A target group pair needs exactly one production listener.");
            if (test.size() > 1) throw CdErrors.invalidTargetGroupPair("A target group pair takes at most one test listener.");
            for (String l : concat(prod, test)) {
                if (!routes.listenerExists(l)) throw CdErrors.invalidTargetGroupPair("The listener " + l + " does not exist.");
            }
        }
        if (tgs == null) throw CdErrors.invalidTargetGroupPair("An ECS deployment group needs loadBalancerInfo with a target group pair.");

        String readyAction = base == null ? "CONTINUE_DEPLOYMENT" : base.readyActionOnTimeout();
        int readyWait = base == null ? 0 : base.readyWaitMinutes();
        String termAction = base == null ? "TERMINATE" : base.terminationAction();
        int termWait = base == null ? 0 : base.terminationWaitMinutes();
        JsonInput bg = in.struct("blueGreenDeploymentConfiguration");
        if (bg != null) {
            JsonInput ready = bg.struct("deploymentReadyOption");
            if (ready != null) {
                readyAction = ready.str("actionOnTimeout") == null ? "CONTINUE_DEPLOYMENT" : ready.str("actionOnTimeout");
                readyWait = ready.integer("waitTimeInMinutes") == null ? 0 : ready.integer("waitTimeInMinutes");
                if (!List.of("CONTINUE_DEPLOYMENT", "STOP_DEPLOYMENT").contains(readyAction)) {
                    throw CdErrors.invalidBlueGreen("actionOnTimeout must be CONTINUE_DEPLOYMENT or STOP_DEPLOYMENT.");
                }
                if (readyWait < 0 || readyWait > 2880) throw CdErrors.invalidBlueGreen("waitTimeInMinutes must be between 0 and 2880.");
            }
            JsonInput term = bg.struct("terminateBlueInstancesOnDeploymentSuccess");
            if (term != null) {
                termAction = term.str("action") == null ? "TERMINATE" : term.str("action");
                termWait = term.integer("terminationWaitTimeInMinutes") == null ? 0 : term.integer("terminationWaitTimeInMinutes");
                if (!List.of("TERMINATE", "KEEP_ALIVE").contains(termAction)) throw CdErrors.invalidBlueGreen("action must be TERMINATE or KEEP_ALIVE.");
                if (termWait < 0 || termWait > 2880) throw CdErrors.invalidBlueGreen("terminationWaitTimeInMinutes must be between 0 and 2880.");
            }
        }
        boolean rollback = base != null && base.autoRollbackEnabled();
        List<String> events = base == null ? List.of() : base.autoRollbackEvents();
        JsonInput ar = in.struct("autoRollbackConfiguration");
        if (ar != null) {
            rollback = Boolean.TRUE.equals(ar.bool("enabled"));
            events = ar.strings("events");
        }
        return new DeploymentGroup(app.name(), name, base == null ? UUID.randomUUID().toString() : base.id(), config, role, cluster, clusterArn, serviceName,
                tgs, prod, test, readyAction, readyWait, termAction, termWait, rollback, events,
                base == null ? null : base.lastSuccessfulDeploymentId(), base == null ? null : base.lastAttemptedDeploymentId(),
                base == null ? clock.instant() : base.createTime());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) throw CdErrors.groupNameRequired();
        if (name.length() > 100) throw CdErrors.invalidGroupName("The deployment group name is too long: at most 100 characters.");
    }

    private Object create(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        String name = in.str("deploymentGroupName");
        DeploymentGroup g = store.atomically(() -> {
            Application app = ApplicationOperations.find(store, in.str("applicationName"));
            checkName(name);
            if (store.get(CdKinds.GROUP, app.name() + "|" + name).isPresent()) throw CdErrors.groupAlreadyExists(name);
            DeploymentGroup parsed = parse(in, app, name, null, ctx);
            boolean taken = store.list(CdKinds.GROUP, x -> x.serviceKey().equals(parsed.serviceKey())).stream().findAny().isPresent();
            if (taken) throw CdErrors.invalidEcsService("The ECS service " + parsed.serviceName() + " is already in a deployment group.");
            store.put(CdKinds.GROUP, parsed);
            return parsed;
        });
        return Out.obj().with("deploymentGroupId", g.id());
    }

    private Object get(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        return Out.obj().with("deploymentGroupInfo", Shapes.group(find(store, in.str("applicationName"), in.str("deploymentGroupName"))));
    }

    private Object list(Map<String, Object> input, RequestContext ctx) {
        Application app = ApplicationOperations.find(store, new JsonInput(input).str("applicationName"));
        return Out.obj().with("applicationName", app.name()).with("deploymentGroups",
                store.list(CdKinds.GROUP, g -> g.applicationName().equals(app.name())).stream().map(DeploymentGroup::name).sorted().toList());
    }

    private Object update(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        store.atomically(() -> {
            DeploymentGroup current = find(store, in.str("applicationName"), in.str("currentDeploymentGroupName"));
            String newName = in.str("newDeploymentGroupName") == null ? current.name() : in.str("newDeploymentGroupName");
            checkName(newName);
            if (!newName.equals(current.name()) && store.get(CdKinds.GROUP, current.applicationName() + "|" + newName).isPresent()) {
                throw CdErrors.groupAlreadyExists(newName);
            }
            DeploymentGroup updated = parse(in, ApplicationOperations.find(store, current.applicationName()), newName, current, ctx);
            store.delete(CdKinds.GROUP, current.key());
            store.put(CdKinds.GROUP, updated);
            return null;
        });
        return Out.obj().with("hooksNotCleanedUp", List.of());
    }

    private Object delete(Map<String, Object> input, RequestContext ctx) {
        JsonInput in = new JsonInput(input);
        store.atomically(() -> {
            DeploymentGroup g = find(store, in.str("applicationName"), in.str("deploymentGroupName"));
            store.delete(CdKinds.GROUP, g.key());
            return null;
        });
        return Out.obj().with("hooksNotCleanedUp", List.of());
    }
}
