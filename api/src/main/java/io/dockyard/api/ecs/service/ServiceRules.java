package io.dockyard.api.ecs.service;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.protocol.RequestContext;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.NetworkConfiguration;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.model.TaskDefinitionSpec;
import io.dockyard.core.port.Kinds;
import io.dockyard.launch.Deployments;
import io.dockyard.launch.Networks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation shared by CreateService and UpdateService, with the errors ECS gives. */
public final class ServiceRules {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");

    private ServiceRules() {}

    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw AwsException.invalidParameter("Service name must be between 1 and 255 characters and contain only letters, numbers, hyphens and underscores.");
        }
        return name;
    }

    /** The service named by name or ARN in the cluster, in any status; ServiceNotFoundException otherwise. */
    public static Service find(Ecs ecs, Cluster cluster, String ref) {
        if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("service can not be blank.");
        String name = Arns.lastSegment(ref);
        return ecs.store().get(Kinds.SERVICE, cluster.arn() + "|" + name).orElseThrow(AwsException::serviceNotFound);
    }

    /** The service, which must be ACTIVE (ServiceNotActiveException otherwise). */
    public static Service active(Ecs ecs, Cluster cluster, String ref) {
        Service s = find(ecs, cluster, ref);
        if (!"ACTIVE".equals(s.status())) throw new AwsException("ServiceNotActiveException", 400, "Service was not ACTIVE.");
        return s;
    }

    static void deploymentConfiguration(Map<String, Object> cfg, boolean daemon) {
        if (cfg == null) return;
        Integer max = Doc.integer(cfg, "maximumPercent");
        Integer min = Doc.integer(cfg, "minimumHealthyPercent");
        if (min != null && (min < 0 || min > 100)) throw AwsException.invalidParameter("minimumHealthyPercent must be between 0 and 100.");
        if (max != null && !daemon && max < 100) throw AwsException.invalidParameter("maximumPercent must be greater than or equal to 100.");
        if (max != null && daemon && max != 100) throw AwsException.invalidParameter("The maximumPercent parameter for a daemon service must be 100.");
        if (max != null && min != null && max <= min && !daemon) {
            throw AwsException.invalidParameter("maximumPercent must be greater than minimumHealthyPercent.");
        }
        String strategy = Doc.str(cfg, "strategy");
        if (strategy != null && !List.of("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY").contains(strategy)) {
            throw AwsException.invalidParameter("Invalid deployment strategy: " + strategy);
        }
        Doc.map(cfg, "deploymentCircuitBreaker");
        minutes(cfg, "bakeTimeInMinutes");
        Map<String, Object> linear = Doc.map(cfg, "linearConfiguration");
        Map<String, Object> canary = Doc.map(cfg, "canaryConfiguration");
        if (linear != null && !"LINEAR".equals(strategy)) {
            throw AwsException.invalidParameter("linearConfiguration can only be specified when the deployment strategy is LINEAR.");
        }
        if (canary != null && !"CANARY".equals(strategy)) {
            throw AwsException.invalidParameter("canaryConfiguration can only be specified when the deployment strategy is CANARY.");
        }
        percent(linear, "stepPercent", 3.0);
        minutes(linear, "stepBakeTimeInMinutes");
        percent(canary, "canaryPercent", 0.1);
        minutes(canary, "canaryBakeTimeInMinutes");
        lifecycleHooks(cfg);
    }

    private static final List<String> HOOK_STAGES = List.of("RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT",
            "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT");

    /** deploymentConfiguration.lifecycleHooks: PAUSE hooks only (Dockyard runs no Lambda functions). */
    private static void lifecycleHooks(Map<String, Object> cfg) {
        for (Map<String, Object> h : Doc.maps(cfg, "lifecycleHooks")) {
            String type = Doc.str(h, "targetType");
            if (type != null && !List.of("AWS_LAMBDA", "PAUSE").contains(type)) throw AwsException.invalidParameter("Invalid lifecycle hook targetType: " + type);
            if (type == null || "AWS_LAMBDA".equals(type)) {
                if (Doc.str(h, "hookTargetArn") == null) throw AwsException.invalidParameter("hookTargetArn is required for an AWS_LAMBDA lifecycle hook.");
                throw new AwsException("UnsupportedFeatureException", 400, "AWS_LAMBDA lifecycle hooks are not supported by Dockyard; use targetType PAUSE.");
            }
            List<String> stages = Doc.strings(h, "lifecycleStages");
            if (stages.isEmpty()) throw AwsException.invalidParameter("lifecycleStages can not be empty.");
            for (String st : stages) if (!HOOK_STAGES.contains(st)) throw AwsException.invalidParameter("Invalid lifecycle stage: " + st);
            Map<String, Object> t = Doc.map(h, "timeoutConfiguration");
            Integer minutes = Doc.integer(t, "timeoutInMinutes");
            if (minutes != null && (minutes < 1 || minutes > 20160)) throw AwsException.invalidParameter("timeoutInMinutes must be between 1 and 20160.");
            String action = Doc.str(t, "action");
            if (action != null && !List.of("CONTINUE", "ROLLBACK").contains(action)) throw AwsException.invalidParameter("Invalid timeout action: " + action);
        }
    }

    /**
     * UpdateService's deploymentConfiguration: the request's members over the stored ones; a stored
     * linearConfiguration or canaryConfiguration is dropped when the strategy no longer uses it.
     */
    static Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> update) {
        Map<String, Object> merged = new LinkedHashMap<>(Deployments.orEmpty(stored));
        if (update == null) return merged;
        merged.putAll(update);
        String strategy = Doc.str(merged, "strategy");
        if (!update.containsKey("linearConfiguration") && !"LINEAR".equals(strategy)) merged.remove("linearConfiguration");
        if (!update.containsKey("canaryConfiguration") && !"CANARY".equals(strategy)) merged.remove("canaryConfiguration");
        return merged;
    }

    /** A percentage from {@code min} to 100.0 in steps of 0.1, as ECS takes stepPercent and canaryPercent. */
    private static void percent(Map<String, Object> c, String key, double min) {
        Double p = Doc.number(c, key);
        if (p == null) return;
        if (p < min - 1e-9 || p > 100.0 + 1e-9) throw AwsException.invalidParameter(key + " must be between " + min + " and 100.0.");
        if (Math.abs(p * 10 - Math.rint(p * 10)) > 1e-6) throw AwsException.invalidParameter(key + " must be a multiple of 0.1.");
    }

    /** A bake time: 0 to 1440 minutes (24 hours). */
    private static void minutes(Map<String, Object> c, String key) {
        Integer m = Doc.integer(c, key);
        if (m != null && (m < 0 || m > 1440)) throw AwsException.invalidParameter(key + " must be between 0 and 1440.");
    }

    /**
     * A BLUE_GREEN, LINEAR or CANARY service's load balancers each need advancedConfiguration with an
     * alternate target group (not the entry's own) and a production listener rule.
     */
    static void blueGreen(Map<String, Object> cfg, List<Map<String, Object>> lbs) {
        String strategy = Doc.str(cfg, "strategy");
        if (strategy == null || !Deployments.TRAFFIC_SHIFTING.contains(strategy)) return; // no strategy: ROLLING
        for (Map<String, Object> lb : lbs) {
            Map<String, Object> adv = Doc.map(lb, "advancedConfiguration");
            if (adv == null || Doc.str(adv, "alternateTargetGroupArn") == null || Doc.str(adv, "productionListenerRule") == null) {
                throw AwsException.invalidParameter("The " + strategy + " deployment strategy requires advancedConfiguration with alternateTargetGroupArn and productionListenerRule for each load balancer.");
            }
            if (Doc.str(adv, "alternateTargetGroupArn").equals(Doc.str(lb, "targetGroupArn"))) {
                throw AwsException.invalidParameter("The alternateTargetGroupArn must be different from the targetGroupArn.");
            }
        }
    }

    static void placement(List<Map<String, Object>> constraints, List<Map<String, Object>> strategy) {
        if (constraints.size() > 10) throw AwsException.invalidParameter("Too many placement constraints. The maximum is 10.");
        if (strategy.size() > 5) throw AwsException.invalidParameter("Too many placement strategies. The maximum is 5.");
        for (Map<String, Object> c : constraints) {
            String type = Doc.str(c, "type");
            if (!"distinctInstance".equals(type) && !"memberOf".equals(type)) throw AwsException.invalidParameter("Invalid placement constraint type: " + type);
            if ("memberOf".equals(type) && (Doc.str(c, "expression") == null || Doc.str(c, "expression").isBlank())) {
                throw AwsException.invalidParameter("A memberOf placement constraint requires an expression.");
            }
        }
        for (Map<String, Object> s : strategy) {
            String type = Doc.str(s, "type");
            if (!List.of("random", "spread", "binpack").contains(type)) throw AwsException.invalidParameter("Invalid placement strategy type: " + type);
            if ("binpack".equals(type) && !List.of("cpu", "memory").contains(Doc.str(s, "field"))) {
                throw AwsException.invalidParameter("The binpack placement strategy field must be cpu or memory.");
            }
        }
    }

    /** awsvpc task definitions (and FARGATE) need a network configuration, checked as RunTask checks it; others must not have one. */
    public static NetworkConfiguration network(TaskDefinition td, String launchType, Map<String, Object> networkConfiguration) {
        return Networks.parse(networkConfiguration, td.spec().networkMode(), launchType);
    }

    public static void loadBalancers(TaskDefinition td, List<Map<String, Object>> lbs) {
        TaskDefinitionSpec spec = td.spec();
        for (Map<String, Object> lb : lbs) {
            String container = Doc.str(lb, "containerName");
            Integer port = Doc.integer(lb, "containerPort");
            var c = container == null ? null : spec.container(container);
            if (c == null) throw AwsException.invalidParameter("The container " + container + " does not exist in the task definition.");
            if (port == null || c.portMappings().stream().noneMatch(p -> p.containerPort() == port)) {
                throw AwsException.invalidParameter("The container " + container + " did not have a container port " + port + " defined.");
            }
        }
    }

    /** The launch type the service uses: explicit, FARGATE via capacity providers, else EC2. */
    public static String launchType(String launchType, List<Map<String, Object>> cps) {
        if (launchType != null && !cps.isEmpty()) {
            throw AwsException.invalidParameter("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.");
        }
        if (launchType != null && !List.of("EC2", "FARGATE", "EXTERNAL").contains(launchType)) {
            throw AwsException.invalidParameter("Invalid launch type: " + launchType);
        }
        if (launchType == null && !cps.isEmpty()) {
            boolean fargate = cps.stream().anyMatch(c -> String.valueOf(c.get("capacityProvider")).startsWith("FARGATE"));
            return fargate ? "FARGATE" : "EC2";
        }
        return launchType == null ? "EC2" : launchType;
    }

    /** A service's capacity provider strategy, checked as ECS does (items, one base, weights, providers on the cluster). */
    public static void capacityProviders(List<Map<String, Object>> cps, Cluster cluster) {
        List<io.dockyard.launch.CapacityProviders.Item> items = io.dockyard.launch.CapacityProviders.parse(cps);
        if (!items.isEmpty()) io.dockyard.launch.CapacityProviders.onCluster(items, cluster);
    }

    public static void compatible(TaskDefinition td, String launchType) {
        if ("FARGATE".equals(launchType) && !td.compatibilities().contains("FARGATE")) {
            throw AwsException.invalidParameter("Task definition does not support launch_type FARGATE.");
        }
    }

    /** The deploymentController's type: ECS (also when absent), CODE_DEPLOY or EXTERNAL. */
    static String controllerType(Map<String, Object> deploymentController) {
        String type = deploymentController == null ? null : Doc.str(deploymentController, "type");
        if (type == null) return "ECS";
        if (!List.of("ECS", "CODE_DEPLOY", "EXTERNAL").contains(type)) {
            throw AwsException.invalidParameter("Invalid deploymentController type: " + type + ". Valid values: ECS, CODE_DEPLOY, EXTERNAL.");
        }
        return type;
    }

    public static Cluster cluster(Ecs ecs, RequestContext ctx, Map<String, Object> in) {
        return ecs.cluster(ctx, Doc.str(in, "cluster"));
    }
}
