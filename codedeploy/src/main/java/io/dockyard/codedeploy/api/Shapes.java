package io.dockyard.codedeploy.api;

import io.dockyard.codedeploy.model.Application;
import io.dockyard.codedeploy.model.Deployment;
import io.dockyard.codedeploy.model.DeploymentConfig;
import io.dockyard.codedeploy.model.DeploymentGroup;
import io.dockyard.protocol.Out;

import java.util.List;
import java.util.Map;

/** CodeDeploy records → their structures in the codedeploy service model. */
final class Shapes {
    private Shapes() {}

    static Out application(Application a) {
        return Out.obj().with("applicationId", a.id()).with("applicationName", a.name()).with("createTime", a.createTime())
                .with("linkedToGitHub", false).with("computePlatform", a.computePlatform());
    }

    static Out blueGreen(DeploymentGroup g) {
        return Out.obj()
                .with("terminateBlueInstancesOnDeploymentSuccess", Out.obj().with("action", g.terminationAction())
                        .with("terminationWaitTimeInMinutes", g.terminationWaitMinutes()))
                .with("deploymentReadyOption", Out.obj().with("actionOnTimeout", g.readyActionOnTimeout()).with("waitTimeInMinutes", g.readyWaitMinutes()));
    }

    static Out loadBalancerInfo(DeploymentGroup g) {
        Out pair = Out.obj()
                .with("targetGroups", g.targetGroupNames().stream().map(n -> Map.of("name", n)).toList())
                .with("prodTrafficRoute", Map.of("listenerArns", g.prodListenerArns()));
        if (!g.testListenerArns().isEmpty()) pair.with("testTrafficRoute", Map.of("listenerArns", g.testListenerArns()));
        return Out.obj().with("targetGroupPairInfoList", List.of(pair));
    }

    static Out autoRollback(DeploymentGroup g) {
        return Out.obj().with("enabled", g.autoRollbackEnabled()).with("events", g.autoRollbackEvents());
    }

    static Map<String, String> style() { return Map.of("deploymentType", "BLUE_GREEN", "deploymentOption", "WITH_TRAFFIC_CONTROL"); }

    static Out group(DeploymentGroup g) {
        return Out.obj()
                .with("applicationName", g.applicationName())
                .with("deploymentGroupId", g.id())
                .with("deploymentGroupName", g.name())
                .with("deploymentConfigName", g.deploymentConfigName())
                .with("serviceRoleArn", g.serviceRoleArn())
                .with("ec2TagFilters", List.of())
                .with("onPremisesInstanceTagFilters", List.of())
                .with("autoScalingGroups", List.of())
                .with("triggerConfigurations", List.of())
                .with("alarmConfiguration", Out.obj().with("enabled", false).with("ignorePollAlarmFailure", false).with("alarms", List.of()))
                .with("autoRollbackConfiguration", autoRollback(g))
                .with("deploymentStyle", style())
                .with("outdatedInstancesStrategy", "UPDATE")
                .with("blueGreenDeploymentConfiguration", blueGreen(g))
                .with("loadBalancerInfo", loadBalancerInfo(g))
                .with("lastSuccessfulDeployment", g.lastSuccessfulDeploymentId() == null ? null : Out.obj().with("deploymentId", g.lastSuccessfulDeploymentId()))
                .with("lastAttemptedDeployment", g.lastAttemptedDeploymentId() == null ? null : Out.obj().with("deploymentId", g.lastAttemptedDeploymentId()))
                .with("computePlatform", "ECS")
                .with("ecsServices", List.of(Map.of("serviceName", g.serviceName(), "clusterName", g.clusterName())))
                .with("terminationHookEnabled", false);
    }

    static Out config(DeploymentConfig c) {
        Out routing = Out.obj().with("type", c.type());
        if ("TimeBasedCanary".equals(c.type())) {
            routing.with("timeBasedCanary", Out.obj().with("canaryPercentage", c.percentage()).with("canaryInterval", c.intervalMinutes()));
        } else if ("TimeBasedLinear".equals(c.type())) {
            routing.with("timeBasedLinear", Out.obj().with("linearPercentage", c.percentage()).with("linearInterval", c.intervalMinutes()));
        }
        return Out.obj().with("deploymentConfigId", c.id()).with("deploymentConfigName", c.name()).with("createTime", c.createTime())
                .with("computePlatform", "ECS").with("trafficRoutingConfig", routing);
    }

    static Out deployment(Deployment d, DeploymentGroup g) {
        String state = d.status();
        Out overview = Out.obj().with("Pending", "Created".equals(state) ? 1 : 0)
                .with("InProgress", "InProgress".equals(state) || "Baking".equals(state) ? 1 : 0)
                .with("Succeeded", "Succeeded".equals(state) ? 1 : 0).with("Failed", "Failed".equals(state) || "Stopped".equals(state) ? 1 : 0)
                .with("Skipped", 0).with("Ready", "Ready".equals(state) ? 1 : 0);
        Out revision = Out.obj().with("revisionType", d.revisionType());
        Out content = Out.obj().with("content", d.appSpec()).with("sha256", d.appSpecSha256());
        if ("String".equals(d.revisionType())) revision.with("string", content);
        else revision.with("appSpecContent", content);
        Out out = Out.obj()
                .with("applicationName", d.applicationName())
                .with("deploymentGroupName", d.deploymentGroupName())
                .with("deploymentConfigName", d.deploymentConfigName())
                .with("deploymentId", d.id())
                .with("revision", revision)
                .with("status", d.status())
                .with("createTime", d.createTime())
                .with("startTime", d.startTime())
                .with("completeTime", d.completeTime())
                .with("deploymentOverview", overview)
                .with("description", d.description())
                .with("creator", "user")
                .with("ignoreApplicationStopFailures", false)
                .with("updateOutdatedInstancesOnly", false)
                .with("deploymentStyle", style())
                .with("instanceTerminationWaitTimeStarted", d.terminationWaitStarted() != null)
                .with("fileExistsBehavior", "DISALLOW")
                .with("deploymentStatusMessages", List.of())
                .with("computePlatform", "ECS");
        if (g != null) {
            out.with("autoRollbackConfiguration", autoRollback(g)).with("blueGreenDeploymentConfiguration", blueGreen(g))
                    .with("loadBalancerInfo", loadBalancerInfo(g));
        }
        if (d.errorCode() != null) out.with("errorInformation", Out.obj().with("code", d.errorCode()).with("message", d.errorMessage()));
        if (d.rolledBack()) out.with("rollbackInfo", Out.obj().with("rollbackMessage", d.errorMessage()));
        return out;
    }
}
